import type { InvalidInvoiceMessage } from '../domain/invalid-invoice-message';
import type { ReasonCategory, ReasonCode } from '../domain/reasons';

export type QuarantineStatus = 'PENDING' | 'RESENT' | 'DISCARDED';

export interface QuarantineHistoryEntry {
  at: string;
  action: string;
  by?: string;
  note?: string;
  [detail: string]: unknown;
}

/** One invalid message waiting for an admin (InvalidInvoices table). */
export interface QuarantineEntry extends InvalidInvoiceMessage {
  status: QuarantineStatus;
  category: ReasonCategory;
  codes: ReasonCode[];
  invoiceNumber?: string;
  quarantinedAt: string;
  /** False until admins were told about it: a retried batch notifies what a failed one could not. */
  notified: boolean;
  history: QuarantineHistoryEntry[];
  resentAs?: string;
}

export type QuarantineAttempt = { added: true } | { added: false; existing: QuarantineEntry };

export interface Quarantine {
  /** Adds the entry unless one exists for its message id, which it then returns. */
  addIfAbsent(entry: QuarantineEntry): Promise<QuarantineAttempt>;
  markNotified(messageIds: string[]): Promise<void>;
  get(messageId: string): Promise<QuarantineEntry | undefined>;
}
