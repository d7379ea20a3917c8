import type { InvalidInvoiceMessage } from './invalid-invoice-message';
import { readIdentity, type InvoiceIdentity } from './invoice-identity';

/** The identity of an invalid message's invoice when its payload is readable JSON that names one. */
export function identityOfInvalidMessage(message: Pick<InvalidInvoiceMessage, 'payload' | 'payloadEncoding' | 'payloadTruncated'>): InvoiceIdentity | undefined {
  if (message.payloadEncoding !== 'utf8' || message.payloadTruncated) return undefined;
  try {
    return readIdentity(JSON.parse(message.payload));
  } catch {
    return undefined;
  }
}
