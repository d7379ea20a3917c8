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

/**
 * What a store attempt did: created the invoice; found one with its identity (returned
 * untouched); or found this very message fenced out (its record was settled as
 * PROCESSING_FAILED, so it may no longer be stored).
 */
export type StoreAttempt = { created: true } | { created: false; existing: StoredInvoice } | { created: false; fenced: true };

/** What fencing a message out did: fenced it, or found the invoice stored already (returned untouched). */
export type FenceAttempt = { fenced: true } | { fenced: false; existing: StoredInvoice };

/** A store attempt that could not be made this time (the store failed for it); retry it later. */
export interface StoreFailure {
  failed: Error;
}

/** Where valid invoices are kept, one per identity. */
export interface InvoiceStore {
  /**
   * Stores the invoice unless one with the same identity exists, which it then returns
   * untouched, or its message has been fenced out of this identity.
   */
  storeIfAbsent(invoice: StoredInvoice): Promise<StoreAttempt>;
  /**
   * storeIfAbsent for many invoices of distinct identities, in fewer round trips; the
   * attempts come back in the same order, a failure in place of each that could not be made.
   */
  storeAllIfAbsent(invoices: StoredInvoice[]): Promise<Array<StoreAttempt | StoreFailure>>;
  get(identity: InvoiceIdentity): Promise<StoredInvoice | undefined>;
  /**
   * Makes sure this message can never store this invoice, unless it (or another message) has
   * already: a write of its still in flight, one that timed out for its caller, then fails.
   * Other messages may still store the invoice. Idempotent.
   */
  fenceOut(identity: InvoiceIdentity, messageId: string): Promise<FenceAttempt>;
}
