/**
 * The ways a bench invoice is wrong: every category of the contract that is the invoice's
 * fault (STRUCTURE, DATA, RANGE), several codes each. Each variant turns a valid invoice
 * into record bytes that break exactly one rule.
 * Left out on purpose: PAYLOAD_TOO_LARGE and TOO_MANY_ITEMS need records of 256 KiB or
 * 1001 lines, which would make the topic, not the validator, the thing measured.
 */
import type { ReasonCategory, ReasonCode } from '../../lib/domain/reasons';

export type InvoiceDocument = Record<string, unknown> & {
  lines: Array<Record<string, unknown>>;
  totals: Record<string, number>;
  customer: Record<string, unknown>;
};

export interface InvalidVariant {
  name: string;
  category: Exclude<ReasonCategory, 'PROCESSING'>;
  code: ReasonCode;
  /** The record value; `previous` is the valid invoice just before, for duplicates. */
  build(document: InvoiceDocument, previous: InvoiceDocument): Buffer;
}

const json = (document: unknown) => Buffer.from(JSON.stringify(document));

export const INVALID_VARIANTS: readonly InvalidVariant[] = [
  { name: 'truncated-json', category: 'STRUCTURE', code: 'INVALID_JSON', build: (doc) => json(doc).subarray(0, 80) },
  { name: 'array-not-object', category: 'STRUCTURE', code: 'NOT_AN_OBJECT', build: (doc) => json([doc]) },
  {
    name: 'missing-customer',
    category: 'STRUCTURE',
    code: 'MISSING_FIELD',
    build: ({ customer: _customer, ...rest }) => json(rest),
  },
  {
    name: 'quantity-as-text',
    category: 'STRUCTURE',
    code: 'WRONG_TYPE',
    build: (doc) => json({ ...doc, lines: [{ ...doc.lines[0], quantity: 'diez' }, ...doc.lines.slice(1)] }),
  },
  {
    name: 'latin1-bytes',
    category: 'STRUCTURE',
    code: 'INVALID_ENCODING',
    // "Consultoría" in Latin-1: the 0xED byte alone is not UTF-8.
    build: (doc) => Buffer.from(JSON.stringify(doc), 'latin1'),
  },
  { name: 'impossible-date', category: 'DATA', code: 'INVALID_DATE', build: (doc) => json({ ...doc, issueDate: '2026-02-30', dueDate: null }) },
  { name: 'unknown-currency', category: 'DATA', code: 'UNKNOWN_CURRENCY', build: (doc) => json({ ...doc, currency: 'ZZZ' }) },
  {
    name: 'wrong-gross',
    category: 'DATA',
    code: 'TOTALS_MISMATCH',
    build: (doc) => json({ ...doc, totals: { ...doc.totals, gross: (doc.totals.gross ?? 0) + 10 } }),
  },
  { name: 'due-before-issue', category: 'DATA', code: 'DUE_BEFORE_ISSUE', build: (doc) => json({ ...doc, dueDate: '2000-01-01' }) },
  {
    name: 'same-number-other-content',
    category: 'DATA',
    code: 'DUPLICATE_CONFLICT',
    // Valid on its own; the store finds the previous invoice under the same identity.
    build: (_doc, previous) => json({ ...previous, customer: { ...previous.customer, name: 'Otro Cliente S.A.' } }),
  },
  {
    name: 'negative-quantity',
    category: 'RANGE',
    code: 'OUT_OF_RANGE',
    build: (doc) => json({ ...doc, lines: [{ ...doc.lines[0], quantity: -1 }, ...doc.lines.slice(1)] }),
  },
  {
    name: 'five-decimal-price',
    category: 'RANGE',
    code: 'OUT_OF_RANGE',
    build: (doc) => json({ ...doc, lines: [{ ...doc.lines[0], unitPrice: 50.12345 }, ...doc.lines.slice(1)] }),
  },
];
