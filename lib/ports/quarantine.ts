import type { InvalidInvoiceMessage } from '../domain/invalid-invoice-message';
import type { Reason, ReasonCategory, ReasonCode } from '../domain/reasons';

export type QuarantineStatus = 'PENDING' | 'RESENT' | 'DISCARDED';

interface HistoryEventBase {
  at: string;
  /** The admin, or the function that acted. */
  by?: string;
}

/** What happened to a quarantined entry: one kind of event per action, each with its own fields. */
export type QuarantineHistoryEntry =
  | (HistoryEventBase & { action: 'QUARANTINED' })
  | (HistoryEventBase & { action: 'RESEND_REJECTED'; reasons: Reason[] })
  | (HistoryEventBase & {
      action: 'RESENT';
      newMessageId: string;
      /** Absent in entries written before it was recorded. */
      corrected?: boolean;
      correctedPayloadSha256?: string;
      before?: { status: QuarantineStatus };
      after?: { status: QuarantineStatus; resentAs?: string };
      note?: string;
    })
  | (HistoryEventBase & { action: 'RESEND_FAILED'; newMessageId: string; note: string })
  | (HistoryEventBase & { action: 'DISCARDED'; note: string; before?: { status: QuarantineStatus }; after?: { status: QuarantineStatus } });

/** One invalid message waiting for an admin (InvalidInvoices table). */
export interface QuarantineEntry extends InvalidInvoiceMessage {
  status: QuarantineStatus;
  category: ReasonCategory;
  codes: ReasonCode[];
  issuerTaxId?: string;
  invoiceNumber?: string;
  quarantinedAt: string;
  /** False until admins were told about it: a retried batch notifies what a failed one could not. */
  notified: boolean;
  history: QuarantineHistoryEntry[];
  resentAs?: string;
}

export type QuarantineAttempt = { added: true } | { added: false; existing: QuarantineEntry };

export interface QuarantineFilter {
  status?: QuarantineStatus;
  /** The API client that sent the invoices. */
  clientId?: string;
  category?: ReasonCategory;
  code?: ReasonCode;
  /** Quarantined at or after (ISO 8601). */
  from?: string;
  /** Quarantined at or before (ISO 8601). */
  to?: string;
}

/** What a page of the quarantine shows of an entry: no payload, no reasons beyond their codes. */
export interface QuarantineListItem {
  messageId: string;
  status: QuarantineStatus;
  correlationId: string;
  /** The API client that sent it; absent for a record produced straight to the topic. */
  clientId?: string;
  issuerTaxId?: string;
  invoiceNumber?: string;
  quarantinedAt: string;
  category: ReasonCategory;
  codes: ReasonCode[];
  reasonCount: number;
  resentAs?: string;
}

/**
 * The one projection of an entry onto what a page shows: the list rows of a store, a fake's
 * pages and the API's view of an entry all start from it.
 */
export function listItemOf(entry: QuarantineEntry): QuarantineListItem {
  return {
    messageId: entry.messageId,
    status: entry.status,
    correlationId: entry.correlationId,
    ...(entry.clientId ? { clientId: entry.clientId } : {}),
    ...(entry.issuerTaxId ? { issuerTaxId: entry.issuerTaxId } : {}),
    ...(entry.invoiceNumber ? { invoiceNumber: entry.invoiceNumber } : {}),
    quarantinedAt: entry.quarantinedAt,
    category: entry.category,
    codes: entry.codes,
    reasonCount: entry.reasons.length,
    ...(entry.resentAs ? { resentAs: entry.resentAs } : {}),
  };
}

export interface QuarantinePage {
  items: QuarantineListItem[];
  /** Opaque; absent on the last page. */
  nextCursor?: string;
}

export interface QuarantineCounts {
  total: number;
  byStatus: Record<string, number>;
  byCategory: Record<string, number>;
  byCode: Record<string, number>;
}

/** A change of status that only happens while the entry is PENDING, with its audit record. */
export interface StatusChange {
  status: Exclude<QuarantineStatus, 'PENDING'>;
  event: QuarantineHistoryEntry;
  resentAs?: string;
}

export type ChangeAttempt = 'changed' | 'not-pending' | 'missing';

export interface Quarantine {
  /** Adds the entry unless one exists for its message id, which it then returns. */
  addIfAbsent(entry: QuarantineEntry): Promise<QuarantineAttempt>;
  markNotified(messageIds: string[]): Promise<void>;
  get(messageId: string): Promise<QuarantineEntry | undefined>;
  /** Entries newest first, filtered, a page at a time; each page reads by key, whatever the quarantine holds. */
  list(filter: QuarantineFilter, page: { limit: number; cursor?: string }): Promise<QuarantinePage>;
  /** Kept as counters: reading them costs the same at any size. */
  counts(filter: Pick<QuarantineFilter, 'status'>): Promise<QuarantineCounts>;
  /** Applies the change only if the entry is still PENDING: of two concurrent changes, one wins. */
  changeIfPending(messageId: string, change: StatusChange): Promise<ChangeAttempt>;
  /** Puts an entry back to PENDING after a resend could not be published (only if it was that resend). */
  revertResend(messageId: string, resentAs: string, event: QuarantineHistoryEntry): Promise<void>;
  /** Adds an audit record without changing the status. */
  appendHistory(messageId: string, event: QuarantineHistoryEntry): Promise<void>;
}
