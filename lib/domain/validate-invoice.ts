/**
 * Validates a parsed invoice document against the contract and reports every rule it
 * breaks: the field rules of the schema first, then the cross-field rules on the fields
 * that passed. Pure and browser-safe: the admin console runs it as the user types.
 */
import { crossFieldReasons, type CrossFieldInput } from './invoice-cross-field-rules';
import { readIdentity, type InvoiceIdentity } from './invoice-identity';
import { reasonOfIssue } from './invoice-issue-reason';
import { invoiceSchema, type Invoice } from './invoice-schema';
import { quoteValue } from './field-path';
import { reason, type Reason } from './reasons';

export interface ValidationContext {
  /** When the invoice was submitted (the message's timestamp): "now" for date rules. */
  submittedAt: Date;
}

export type InvoiceValidation =
  | { valid: true; invoice: Invoice; identity: InvoiceIdentity }
  | { valid: false; reasons: Reason[] };

/**
 * Most reasons one rejection lists. A 1000-line invoice with every line wrong would
 * otherwise list 4000, too many to read and too large for the invalid channel.
 */
export const MAX_REASONS = 100;

/**
 * Validates a document (already parsed JSON) against the invoice contract.
 * Valid: the invoice, unknown fields kept, and its identity. Invalid: every failing rule
 * as a reason (up to MAX_REASONS). Throws a RangeError when `submittedAt` is not a date,
 * which is the caller's bug, not the invoice's.
 *
 * @example
 * const result = validateInvoice(JSON.parse(text), { submittedAt: record.timestamp });
 * if (!result.valid) console.log(result.reasons.map((r) => r.code)); // e.g. ['TOTALS_MISMATCH']
 */
export function validateInvoice(document: unknown, context: ValidationContext): InvoiceValidation {
  if (Number.isNaN(context.submittedAt.getTime())) throw new RangeError('validateInvoice needs a valid submittedAt date');
  if (!isPlainObject(document)) {
    return { valid: false, reasons: [reason('NOT_AN_OBJECT', '', `The invoice must be a JSON object, but it is ${quoteValue(document)}.`)] };
  }
  const parsed = invoiceSchema.safeParse(document, { reportInput: true });
  if (parsed.success) {
    const reasons = crossFieldReasons(parsed.data, context.submittedAt);
    return reasons.length > 0 ? { valid: false, reasons: capped(reasons) } : { valid: true, invoice: parsed.data, identity: identityOf(parsed.data) };
  }
  const fieldReasons = parsed.error.issues.map(reasonOfIssue);
  return { valid: false, reasons: capped([...fieldReasons, ...crossFieldReasons(validParts(document), context.submittedAt)]) };
}

/** The fields the cross-field rules read, each kept only when it passes its own schema. */
function validParts(document: Record<string, unknown>): CrossFieldInput {
  const { issueDate, dueDate, lines, totals } = invoiceSchema.shape;
  const parts: CrossFieldInput = {};
  const issue = issueDate.safeParse(document.issueDate);
  if (issue.success) parts.issueDate = issue.data;
  const due = dueDate.safeParse(document.dueDate);
  if (due.success) parts.dueDate = due.data;
  const lineItems = lines.safeParse(document.lines);
  if (lineItems.success) parts.lines = lineItems.data;
  const declared = totals.safeParse(document.totals);
  if (declared.success) parts.totals = declared.data;
  return parts;
}

function identityOf(invoice: Invoice): InvoiceIdentity {
  const identity = readIdentity(invoice);
  // The schema requires both parts non-empty, so this only fails if the two disagree.
  if (!identity) throw new Error('A valid invoice has no identity: the schema and readIdentity disagree');
  return identity;
}

function capped(reasons: Reason[]): Reason[] {
  if (reasons.length <= MAX_REASONS) return reasons;
  const kept = reasons.slice(0, MAX_REASONS);
  const last = kept[MAX_REASONS - 1] as Reason;
  const more = reasons.length - MAX_REASONS;
  kept[MAX_REASONS - 1] = { ...last, message: `${last.message} (${more} more problems are not listed; fix these and validate again to see them.)` };
  return kept;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
