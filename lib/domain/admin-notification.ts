/**
 * The notification admins get for a batch of newly quarantined invoices: a short subject
 * (under 100 characters, as SNS e-mail requires) and a JSON body listing each one.
 */
import type { ReasonCategory, ReasonCode } from './reasons';

export interface QuarantinedSummary {
  messageId: string;
  /** Ties the notification to the request that sent the invoice. */
  correlationId: string;
  /** The API client that sent it, if one did. */
  clientId?: string;
  invoiceNumber?: string;
  category: ReasonCategory;
  codes: ReasonCode[];
}

export interface AdminNotification {
  subject: string;
  body: { type: 'InvalidInvoicesQuarantined'; count: number; items: QuarantinedSummary[] };
  /** Every category in the batch, for subscribers' filter policies. */
  categories: ReasonCategory[];
}

const SUBJECT_LIMIT = 99;

/**
 * @example
 * buildAdminNotification([{ messageId: 'm-1', invoiceNumber: 'F-1', category: 'DATA', codes: ['TOTALS_MISMATCH'] }]).subject
 * // 'Invoice pipeline: 1 invalid invoice quarantined (DATA: TOTALS_MISMATCH)'
 */
export function buildAdminNotification(items: QuarantinedSummary[]): AdminNotification {
  const categories = [...new Set(items.map((item) => item.category))].sort();
  const codes = [...new Set(items.flatMap((item) => item.codes))];
  const noun = items.length === 1 ? 'invalid invoice' : 'invalid invoices';
  const subject = `Invoice pipeline: ${items.length} ${noun} quarantined (${categories.join(', ')}: ${codes.join(', ')})`;
  return {
    subject: subject.length > SUBJECT_LIMIT ? `${subject.slice(0, SUBJECT_LIMIT - 1)}…` : subject,
    body: { type: 'InvalidInvoicesQuarantined', count: items.length, items },
    categories,
  };
}
