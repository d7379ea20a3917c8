import type { MessageOrigin } from '../domain/message-origin';

/** Where an invoice record goes to be validated: the `invoices` topic in production. */
export interface OutgoingInvoiceRecord {
  key: string;
  value: Buffer;
  headers: Record<string, string>;
}

/** Where the record went, in its transport's terms (Kafka: topic, partition and offset). */
export type PublishReceipt = MessageOrigin;

export interface InvoicePublisher {
  /** Resolves once the broker has durably taken the record (acks=all); rejects with PublisherUnavailableError otherwise. */
  publish(record: OutgoingInvoiceRecord): Promise<PublishReceipt>;
  /** Publishes several records in one request; receipts come back in the same order. */
  publishMany(records: OutgoingInvoiceRecord[]): Promise<PublishReceipt[]>;
}
