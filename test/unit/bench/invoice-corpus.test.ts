import { decodeInvoicePayload } from '../../../lib/domain/decode-invoice-payload';
import { validateInvoice } from '../../../lib/domain/validate-invoice';
import { buildCorpus, buildValidInvoices } from '../../../bench/corpus/invoice-corpus';
import { INVALID_VARIANTS } from '../../../bench/corpus/invalid-variants';

const submittedAt = new Date('2026-11-24T10:00:00.000Z');
const codesOf = (value: Buffer): string[] => {
  const decoded = decodeInvoicePayload(new Uint8Array(value), 262144);
  if (!decoded.ok) return decoded.reasons.map((reason) => reason.code);
  const result = validateInvoice(decoded.document, { submittedAt });
  return result.valid ? [] : result.reasons.map((reason) => reason.code);
};

describe('buildCorpus', () => {
  const corpus = buildCorpus({ runTag: 'bench-test', count: 1000, submittedAt });

  it('makes 90 % valid and 10 % invalid invoices', () => {
    expect(corpus.filter((invoice) => invoice.expected === 'INVALID')).toHaveLength(100);
  });

  it('spreads the invalid ones over every category the invoice can be at fault for', () => {
    const categories = new Set(corpus.map((invoice) => invoice.category).filter(Boolean));

    expect([...categories].sort()).toEqual(['DATA', 'RANGE', 'STRUCTURE']);
  });

  it('gives every record a unique message id and every valid invoice a unique number', () => {
    const numbers = corpus.flatMap((invoice) => (invoice.identity ? [invoice.identity.invoiceNumber] : []));

    expect(new Set(corpus.map((invoice) => invoice.messageId)).size).toBe(1000);
    expect(new Set(numbers).size).toBe(numbers.length);
  });

  it('keys and heads records as the submit path does', () => {
    const [first] = corpus;

    expect(first?.key).toBe(`${first?.identity?.issuerTaxId}/${first?.identity?.invoiceNumber}`);
    expect(first?.headers).toMatchObject({ 'message-id': first?.messageId, 'correlation-id': first?.messageId, 'schema-version': '1' });
  });

  it('makes valid invoices the validator accepts', () => {
    const valid = corpus.filter((invoice) => invoice.expected === 'STORED').slice(0, 50);

    expect(valid.map((invoice) => codesOf(invoice.value))).toEqual(valid.map(() => []));
  });

  it.each(INVALID_VARIANTS.filter((variant) => variant.code !== 'DUPLICATE_CONFLICT').map((variant) => [variant.name, variant.code]))(
    'makes %s break exactly the rule %s',
    (name, code) => {
      const invoice = corpus.find((candidate) => candidate.variant === name);

      expect(codesOf(invoice?.value ?? Buffer.alloc(0))).toEqual([code]);
    },
  );

  it('makes a conflict a valid document under the identity of the invoice just before it, on the same key', () => {
    const conflict = corpus.find((invoice) => invoice.code === 'DUPLICATE_CONFLICT');
    const previous = corpus[(conflict?.index ?? 0) - 1];

    expect(codesOf(conflict?.value ?? Buffer.alloc(0))).toEqual([]);
    expect(conflict?.key).toBe(previous?.key);
    expect(conflict?.value.equals(previous?.value ?? Buffer.alloc(0))).toBe(false);
  });
});

describe('buildValidInvoices', () => {
  it('gives exactly the number asked for, all valid', () => {
    const invoices = buildValidInvoices('bench-test-http', 95, submittedAt);

    expect(invoices).toHaveLength(95);
    expect(invoices.every((invoice) => invoice.expected === 'STORED')).toBe(true);
  });
});
