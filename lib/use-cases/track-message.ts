/**
 * Follow one message from acceptance to its outcome.
 * Input: a message id. Output: its status and trace, or undefined when it is unknown.
 * Steps: read the message log (ACCEPTED, then the validator's outcome; STORED may be read
 * from the stored invoice, see message-outcome.ts); for an INVALID message, the quarantine
 * entry says whether an admin has since resent or discarded it.
 */
import type { InvoiceIdentity } from '../domain/invoice-identity';
import type { MessageOrigin } from '../domain/message-origin';
import type { Reason } from '../domain/reasons';
import type { MessageLog, MessageStatus } from '../ports/message-log';
import type { Quarantine } from '../ports/quarantine';
import { resolveOutcome, type StoredInvoiceLookup } from './message-outcome';

export interface MessageStatusView {
  messageId: string;
  status: MessageStatus;
  correlationId?: string;
  causationId?: string;
  source?: string;
  origin?: MessageOrigin;
  acceptedAt?: string;
  processedAt?: string;
  invoice?: InvoiceIdentity & { location: string };
  reasons?: Reason[];
  resentAs?: string;
  /** The API client that sent it; undefined for a record produced straight to the topic. */
  clientId?: string;
}

export async function trackMessage(
  deps: { messageLog: MessageLog; quarantine: Quarantine; invoices: StoredInvoiceLookup },
  messageId: string,
): Promise<MessageStatusView | undefined> {
  const logged = await deps.messageLog.get(messageId);
  if (!logged) return undefined;
  const entry = await resolveOutcome(deps.invoices, logged);
  const view: MessageStatusView = {
    messageId: entry.messageId,
    status: entry.status,
    ...pick(entry, ['correlationId', 'causationId', 'source', 'clientId', 'origin', 'acceptedAt', 'processedAt', 'reasons']),
    ...(entry.invoice ? { invoice: { ...entry.invoice, location: invoiceLocation(entry.invoice) } } : {}),
  };
  if (entry.status !== 'INVALID') return view;
  const quarantined = await deps.quarantine.get(messageId);
  if (quarantined?.status === 'RESENT' || quarantined?.status === 'DISCARDED') {
    return { ...view, status: quarantined.status, ...(quarantined.resentAs ? { resentAs: quarantined.resentAs } : {}) };
  }
  return view;
}

/** The path of a stored invoice in the query API; the invoice number may hold '/', so it is encoded. */
export function invoiceLocation(identity: InvoiceIdentity): string {
  return `/invoices/${encodeURIComponent(identity.issuerTaxId)}/${encodeURIComponent(identity.invoiceNumber)}`;
}

function pick<T extends object, K extends keyof T>(source: T, keys: K[]): Partial<Pick<T, K>> {
  const picked: Partial<Pick<T, K>> = {};
  for (const key of keys) if (source[key] !== undefined) picked[key] = source[key];
  return picked;
}

