/**
 * The message explorer: every message of one lookup, each with its timeline.
 * Input: a message id, a correlation id, or an invoice (issuer tax id and number).
 * Output: the messages found, oldest first, each with what happened to it: accepted (with
 * where it went on the transport), the validator's outcome (stored, duplicate, invalid with
 * its reasons), and what admins did to it in the quarantine (resent as a new message id,
 * discarded), with who and when.
 * Steps: find the message ids (a message id stands for its whole correlation, so the original
 * and its resent copies come together; an invoice's are the one that stored it and the others
 * that carried it); read their message log entries; read the quarantine entry of each one the
 * validator rejected.
 */
import { identityKey, normaliseTaxId, type InvoiceIdentity } from '../../domain/invoice-identity';
import type { MessageOrigin } from '../../domain/message-origin';
import type { Reason } from '../../domain/reasons';
import { BadRequestError, NotFoundError } from '../../errors';
import { resolveOutcome, type StoredInvoiceLookup } from '../message-outcome';
import type { MessageEntry, MessageLookup, MessageStatus } from '../../ports/message-log';
import type { Quarantine, QuarantineEntry, QuarantineHistoryEntry } from '../../ports/quarantine';

/** At most this many messages in one answer: a correlation or an invoice rarely has more than a handful. */
export const MAX_TRACED_MESSAGES = 100;

export type TraceLookup = { by: 'messageId'; messageId: string } | { by: 'correlationId'; correlationId: string } | { by: 'invoice'; invoice: InvoiceIdentity };

export type TimelineEvent =
  | { event: 'ACCEPTED'; at: string; origin?: MessageOrigin; source?: string }
  | { event: 'STORED' | 'DUPLICATE'; at: string; invoice: InvoiceIdentity }
  | { event: 'INVALID'; at: string; reasons: Reason[] }
  | { event: 'QUARANTINED'; at: string; by?: string }
  | { event: 'RESEND_REJECTED'; at: string; by?: string; reasons: Reason[] }
  | { event: 'RESENT'; at: string; by?: string; newMessageId: string }
  | { event: 'RESEND_FAILED'; at: string; by?: string; newMessageId: string; note: string }
  | { event: 'DISCARDED'; at: string; by?: string; note: string };

export interface TracedMessage {
  messageId: string;
  status: MessageStatus;
  correlationId?: string;
  causationId?: string;
  clientId?: string;
  invoice?: InvoiceIdentity;
  quarantined: boolean;
  timeline: TimelineEvent[];
}

export interface MessageTraceResult {
  lookup: { by: TraceLookup['by']; value: string };
  messages: TracedMessage[];
  truncated?: boolean;
}

export interface TraceDeps {
  messages: MessageLookup;
  quarantine: Quarantine;
  /** The stored invoice names the message that stored it. */
  invoices: StoredInvoiceLookup;
}

export async function traceMessages(deps: TraceDeps, lookup: TraceLookup): Promise<MessageTraceResult> {
  const { ids, value, known = [] } = await idsOf(deps, lookup);
  const truncated = ids.length > MAX_TRACED_MESSAGES;
  const wanted = ids.slice(0, MAX_TRACED_MESSAGES);
  const read = new Set(known.map((entry) => entry.messageId));
  const logged = [...known, ...(await deps.messages.getMany(wanted.filter((id) => !read.has(id))))];
  const entries = await Promise.all(logged.map((entry) => resolveOutcome(deps.invoices, entry)));
  const messages = await Promise.all(entries.map(async (entry) => traced(entry, entry.status === 'INVALID' ? await deps.quarantine.get(entry.messageId) : undefined)));
  messages.sort((a, b) => firstAt(a).localeCompare(firstAt(b)) || a.messageId.localeCompare(b.messageId));
  return { lookup: { by: lookup.by, value }, messages, ...(truncated ? { truncated } : {}) };
}

/**
 * Reads a lookup from the query of GET /admin/message-trace: exactly one of messageId,
 * correlationId, or issuerTaxId with invoiceNumber.
 */
export function traceLookupOf(query: Record<string, string | undefined>): TraceLookup {
  const messageId = query.messageId?.trim();
  const correlationId = query.correlationId?.trim();
  const issuerTaxId = query.issuerTaxId?.trim();
  const invoiceNumber = query.invoiceNumber?.trim();
  const given = [messageId, correlationId, issuerTaxId || invoiceNumber].filter(Boolean).length;
  if (given !== 1) throw new BadRequestError('Say what to trace with exactly one of: messageId, correlationId, or issuerTaxId and invoiceNumber together.');
  if (messageId) return { by: 'messageId', messageId };
  if (correlationId) return { by: 'correlationId', correlationId };
  if (!issuerTaxId || !invoiceNumber) throw new BadRequestError('An invoice is traced by issuerTaxId and invoiceNumber together; one of them is missing.');
  // The identity as the validator keys it.
  return { by: 'invoice', invoice: { issuerTaxId: normaliseTaxId(issuerTaxId), invoiceNumber } };
}

/** The ids of a lookup, and the entries it already had to read to find them (read once). */
async function idsOf(deps: TraceDeps, lookup: TraceLookup): Promise<{ ids: string[]; value: string; known?: MessageEntry[] }> {
  const limit = MAX_TRACED_MESSAGES + 1;
  switch (lookup.by) {
    case 'messageId': {
      const entry = await deps.messages.get(lookup.messageId);
      if (!entry) throw new NotFoundError(`No message has id ${lookup.messageId}.`);
      // A message stands for its whole correlation: the original and every copy resent from it.
      const related = entry.correlationId ? await deps.messages.findByCorrelationId(entry.correlationId, limit) : [];
      return { ids: [...new Set([lookup.messageId, ...related])], value: lookup.messageId, known: [entry] };
    }
    case 'correlationId': {
      const ids = await deps.messages.findByCorrelationId(lookup.correlationId, limit);
      if (ids.length === 0) throw new NotFoundError(`No message carries correlation id ${lookup.correlationId}.`);
      return { ids, value: lookup.correlationId };
    }
    case 'invoice': {
      const value = identityKey(lookup.invoice);
      const [others, stored] = await Promise.all([deps.messages.findByInvoice(lookup.invoice, limit), deps.invoices.get(lookup.invoice)]);
      const ids = [...new Set([...(stored ? [stored.messageId] : []), ...others])];
      if (ids.length === 0) throw new NotFoundError(`No message carried invoice ${lookup.invoice.invoiceNumber} of issuer ${lookup.invoice.issuerTaxId} (or none whose identity could be read).`);
      return { ids, value };
    }
  }
}

function traced(entry: MessageEntry, quarantined: QuarantineEntry | undefined): TracedMessage {
  const timeline: TimelineEvent[] = [];
  if (entry.acceptedAt) timeline.push({ event: 'ACCEPTED', at: entry.acceptedAt, ...(entry.origin ? { origin: entry.origin } : {}), ...(entry.source ? { source: entry.source } : {}) });
  if (entry.processedAt) {
    if ((entry.status === 'STORED' || entry.status === 'DUPLICATE') && entry.invoice) timeline.push({ event: entry.status, at: entry.processedAt, invoice: entry.invoice });
    if (entry.status === 'INVALID') timeline.push({ event: 'INVALID', at: entry.processedAt, reasons: entry.reasons ?? quarantined?.reasons ?? [] });
  }
  for (const event of quarantined?.history ?? []) timeline.push(timelineEventOf(event));
  timeline.sort((a, b) => a.at.localeCompare(b.at));
  const adminStatus = quarantined && quarantined.status !== 'PENDING' ? quarantined.status : undefined;
  return {
    messageId: entry.messageId,
    status: adminStatus ?? entry.status,
    ...(entry.correlationId ? { correlationId: entry.correlationId } : {}),
    ...(entry.causationId ? { causationId: entry.causationId } : {}),
    ...(entry.clientId ? { clientId: entry.clientId } : {}),
    ...(entry.invoice ? { invoice: entry.invoice } : quarantined?.issuerTaxId && quarantined.invoiceNumber ? { invoice: { issuerTaxId: quarantined.issuerTaxId, invoiceNumber: quarantined.invoiceNumber } } : {}),
    quarantined: quarantined !== undefined,
    timeline,
  };
}

function timelineEventOf(event: QuarantineHistoryEntry): TimelineEvent {
  const by = event.by ? { by: event.by } : {};
  switch (event.action) {
    case 'QUARANTINED':
      return { event: 'QUARANTINED', at: event.at, ...by };
    case 'RESEND_REJECTED':
      return { event: 'RESEND_REJECTED', at: event.at, ...by, reasons: event.reasons };
    case 'RESENT':
      return { event: 'RESENT', at: event.at, ...by, newMessageId: event.newMessageId };
    case 'RESEND_FAILED':
      return { event: 'RESEND_FAILED', at: event.at, ...by, newMessageId: event.newMessageId, note: event.note };
    case 'DISCARDED':
      return { event: 'DISCARDED', at: event.at, ...by, note: event.note };
  }
}

function firstAt(message: TracedMessage): string {
  return message.timeline[0]?.at ?? '';
}
