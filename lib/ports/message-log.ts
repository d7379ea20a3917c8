import type { InvoiceIdentity } from '../domain/invoice-identity';
import type { MessageOrigin } from '../domain/message-origin';
import type { Reason } from '../domain/reasons';
import type { FailedItems } from './failed-items';

/** What the validator decided for a message. Admin outcomes (RESENT, DISCARDED) live with the quarantine entry. */
export type ValidationStatus = 'STORED' | 'DUPLICATE' | 'INVALID';
export type MessageStatus = 'ACCEPTED' | ValidationStatus | 'RESENT' | 'DISCARDED';

export interface AcceptedMessage {
  messageId: string;
  correlationId: string;
  causationId?: string;
  source: string;
  /** Where the message came from on its transport (the topic, partition and offset of a Kafka record). */
  origin: MessageOrigin;
  acceptedAt: string;
  clientId?: string;
  /** The invoice's identity when the API could read it: a STORED outcome then needs no row of its own. */
  invoice?: InvoiceIdentity;
}

export interface MessageOutcome {
  messageId: string;
  status: ValidationStatus;
  correlationId: string;
  causationId?: string;
  source?: string;
  /** Where the message came from on its transport (the topic, partition and offset of a Kafka record). */
  origin: MessageOrigin;
  acceptedAt?: string;
  processedAt: string;
  invoice?: InvoiceIdentity;
  reasons?: Reason[];
  clientId?: string;
}

export type MessageEntry = Partial<AcceptedMessage> &
  Omit<Partial<MessageOutcome>, 'status'> & { messageId: string; status: 'ACCEPTED' | ValidationStatus };

/** Follows every message from acceptance to its outcome (InvoiceMessages table). */
export interface MessageLog {
  /** Notes a published message; never overwrites an outcome the validator already wrote. */
  recordAccepted(message: AcceptedMessage): Promise<void>;
  /**
   * Writes the validator's outcomes; resolves with those that could not be written. A STORED
   * outcome of a message logged ACCEPTED with the same invoice may be left unwritten: the
   * stored invoice names its message (see resolveOutcome in lib/use-cases/message-outcome.ts).
   */
  recordOutcomes(outcomes: MessageOutcome[]): Promise<FailedItems>;
  get(messageId: string): Promise<MessageEntry | undefined>;
}

/** The message explorer's lookups (admin only): kept apart so the pipeline's functions do not carry them. */
export interface MessageLookup {
  get(messageId: string): Promise<MessageEntry | undefined>;
  /** The entries of these ids, in no particular order; ids it does not know are left out. */
  getMany(messageIds: string[]): Promise<MessageEntry[]>;
  /** The ids of every message of a correlation (an original and its resent copies), up to `limit`. */
  findByCorrelationId(correlationId: string, limit: number): Promise<string[]>;
  /** The ids of the messages that carried this invoice and were not the one that stored it (duplicates, invalid ones), up to `limit`. */
  findByInvoice(identity: InvoiceIdentity, limit: number): Promise<string[]>;
}
