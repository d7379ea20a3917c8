import type { InvalidInvoiceMessage } from '../domain/invalid-invoice-message';

/** The durable channel for invoices that failed (SQS invalid-invoices in production). */
export interface InvalidChannel {
  /** Resolves once every message is durably in the channel; rejects otherwise (nothing may be assumed sent). */
  send(messages: InvalidInvoiceMessage[]): Promise<void>;
}
