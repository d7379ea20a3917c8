/**
 * The invoices a chaos scenario sends: mostly valid, some exact duplicates (same content
 * again: DUPLICATE), some conflicts (same identity, other content: DUPLICATE_CONFLICT) and
 * invalid ones of every category. Each has a unique identity within the run.
 */
export type Expectation = 'valid' | 'duplicate-of-valid' | 'invalid';

export interface PlannedInvoice {
  body: string;
  expect: Expectation;
  identity: string;
}

const BASE = {
  issueDate: '2026-11-20',
  dueDate: '2026-12-20',
  currency: 'EUR',
  issuer: { taxId: 'B12345678', name: 'Acme Servicios S.L.' },
  customer: { taxId: '12345678Z', name: 'Cliente Ejemplo S.A.' },
  lines: [
    { description: 'Consultoría', quantity: 10, unitPrice: 50.0, taxRate: 0.21 },
    { description: 'Licencia anual', quantity: 1, unitPrice: 120.5, taxRate: 0.21 },
  ],
  totals: { net: 620.5, tax: 130.31, gross: 750.81 },
};

const INVALID_VARIANTS: Array<(invoice: Record<string, unknown>) => Record<string, unknown>> = [
  (invoice) => ({ ...invoice, totals: { net: 620.5, tax: 130.31, gross: 999 } }),
  (invoice) => ({ ...invoice, issueDate: '20/11/2026' }),
  (invoice) => ({ ...invoice, currency: 'XYZ' }),
  (invoice) => ({ ...invoice, lines: [{ description: 'x', quantity: -1, unitPrice: 50, taxRate: 21 }] }),
  (invoice) => {
    const { customer: _customer, ...rest } = invoice;
    return rest;
  },
];

/**
 * @example
 * planWorkload('run1', 1000).filter((item) => item.expect === 'invalid').length // about 130
 */
export function planWorkload(runId: string, count: number): PlannedInvoice[] {
  const planned: PlannedInvoice[] = [];
  for (let index = 0; planned.length < count; index += 1) {
    const invoiceNumber = `${runId}-${index}`;
    const invoice = { ...BASE, invoiceNumber };
    const identity = `B12345678/${invoiceNumber}`;
    const slot = index % 100;
    if (slot < 13) {
      const variant = INVALID_VARIANTS[index % INVALID_VARIANTS.length] as (typeof INVALID_VARIANTS)[number];
      planned.push({ body: JSON.stringify(variant(invoice)), expect: 'invalid', identity });
      continue;
    }
    planned.push({ body: JSON.stringify(invoice), expect: 'valid', identity });
    if (slot >= 90 && slot < 95 && planned.length < count) {
      // The same invoice again, keys in another order: a duplicate, stored once.
      planned.push({ body: JSON.stringify(Object.fromEntries(Object.entries(invoice).reverse())), expect: 'duplicate-of-valid', identity });
    } else if (slot >= 95 && slot < 97 && planned.length < count) {
      planned.push({ body: JSON.stringify({ ...invoice, dueDate: '2027-01-31' }), expect: 'invalid', identity });
    }
  }
  return planned;
}
