import type { InvoiceIdentity } from '../domain/invoice-identity';
import type { MessageOrigin } from '../domain/message-origin';

/** A valid invoice as kept in the Invoices table: the document exactly as submitted, with its trace. */
export interface StoredInvoice extends InvoiceIdentity {
  messageId: string;
  correlationId: string;
  /** sha256 of the canonical JSON: equal for the same content whatever the key order or spacing. */
  contentHash: string;
  /** The invoice text exactly as it was submitted. */
  payload: string;
  submittedAt: string;
  storedAt: string;
  /** Where the message came from on its transport (the topic, partition and offset of a Kafka record). */
  origin: MessageOrigin;
  /** The API client that sent it (none: produced straight to the topic); only it and admins may read it. */
  clientId?: string;
}

export type StoreAttempt = { created: true } | { created: false; existing: StoredInvoice };

/** A store attempt that could not be made this time (the store failed for it); retry it later. */
export interface StoreFailure {
  failed: Error;
}

/** Where valid invoices are kept, one per identity. */
export interface InvoiceStore {
  /** Stores the invoice unless one with the same identity exists, which it then returns untouched. */
  storeIfAbsent(invoice: StoredInvoice): Promise<StoreAttempt>;
  /**
   * storeIfAbsent for many invoices of distinct identities, in fewer round trips; the
   * attempts come back in the same order, a failure in place of each that could not be made.
   */
  storeAllIfAbsent(invoices: StoredInvoice[]): Promise<Array<StoreAttempt | StoreFailure>>;
  get(identity: InvoiceIdentity): Promise<StoredInvoice | undefined>;
}
