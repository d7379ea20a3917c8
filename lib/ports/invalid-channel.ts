import type { InvalidInvoiceMessage } from '../domain/invalid-invoice-message';
import type { FailedItems } from './failed-items';

/** The durable channel for invoices that failed (SQS invalid-invoices in production). */
export interface InvalidChannel {
  /**
   * Resolves once each message is durably in the channel or has failed for good, with the
   * ones that failed (nothing may be assumed sent for those).
   */
  send(messages: InvalidInvoiceMessage[]): Promise<FailedItems>;
}
