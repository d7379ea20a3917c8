/** How the CLI prints entries for a person (the --json flag prints the API's JSON instead). */
import { eventDetails } from '../../admin-console/src/history-event';
import type { MessageTrace } from '../../admin-console/src/admin-api-schemas';
import type { ApiClient, ApiReason, InvalidInvoice, InvalidInvoiceSummary } from './admin-api-client';

/** A record produced straight to the topic has no client. */
const NO_CLIENT = '(no client)';

export function formatList(items: InvalidInvoiceSummary[]): string {
  if (items.length === 0) return 'no invalid invoices match';
  const rows = items.map((item) =>
    [
      item.quarantinedAt.slice(0, 19),
      item.status.padEnd(9),
      (item.clientId ?? NO_CLIENT).padEnd(15),
      item.messageId,
      `${item.issuerTaxId ?? '?'}/${item.invoiceNumber ?? '?'}`,
      (item.codes ?? []).join(','),
    ].join('  '),
  );
  return [`${'quarantined at'.padEnd(19)}  ${'status'.padEnd(9)}  ${'client'.padEnd(15)}  message id  invoice  codes`, ...rows, `${items.length} invoice(s)`].join('\n');
}

export function formatClients(clients: ApiClient[]): string {
  if (clients.length === 0) return 'no clients are registered';
  const rows = clients.map((client) =>
    [client.clientId.padEnd(15), client.status.padEnd(7), client.tier.padEnd(8), client.createdAt.slice(0, 19), client.name, `issuers ${client.issuers.join(',')}`].join('  '),
  );
  return [`${'client id'.padEnd(15)}  ${'status'.padEnd(7)}  ${'tier'.padEnd(8)}  ${'created at'.padEnd(19)}  name`, ...rows, `${clients.length} client(s)`].join('\n');
}

/** A new key, said once: it cannot be shown again. */
export function formatNewKey(client: ApiClient & { apiKey: string }, what: string): string {
  const grace = client.previousKeyValidUntil ? `\nthe previous key keeps working until ${client.previousKeyValidUntil}` : '';
  return `${what} ${client.clientId} (${client.name}, issuers ${client.issuers.join(',')})\napi key: ${client.apiKey}\nkeep it now: it is not stored and cannot be shown again${grace}`;
}

export function formatReasons(reasons: readonly ApiReason[]): string {
  return reasons.map((reason) => `  - [${reason.category}/${reason.code}] ${reason.path || '(whole message)'}: ${reason.message}`).join('\n');
}

/** Kafka's `topic-partition@offset`, or RabbitMQ's `rabbitmq queue <name>` and whether it was redelivered. */
function originText(origin: { transport?: string; topic: string; partition: number; offset: string; redelivered?: boolean }): string {
  if (origin.transport === 'rabbitmq') return `rabbitmq queue ${origin.topic}${origin.redelivered ? ' (redelivered)' : ''}`;
  return `${origin.topic}-${origin.partition}@${origin.offset}`;
}

export function formatEntry(entry: InvalidInvoice): string {
  const payload = entry.payloadEncoding === 'utf8' ? prettyJson(entry.payload) : `(base64, not UTF-8) ${entry.payload.slice(0, 200)}`;
  return [
    `message      ${entry.messageId} (${entry.status}${entry.resentAs ? `, resent as ${entry.resentAs}` : ''})`,
    `client       ${entry.clientId ?? NO_CLIENT}`,
    `invoice      ${entry.issuerTaxId ?? '?'}/${entry.invoiceNumber ?? '?'}`,
    `correlation  ${entry.correlationId}`,
    `source       ${originText(entry.source)} at ${entry.source.timestamp}`,
    'reasons',
    formatReasons(entry.reasons),
    'history',
    ...entry.history.map(formatEvent),
    'payload',
    payload,
  ].join('\n');
}

function formatEvent(event: InvalidInvoice['history'][number]): string {
  const details = eventDetails(event);
  const copy = details.copy ? ` -> ${details.copy.messageId} (${details.copy.status ?? 'ACCEPTED'})` : '';
  const reasons = details.reasons.length > 0 ? `\n${formatReasons(details.reasons)}` : '';
  return `  ${event.at}  ${event.action}${event.by ? ` by ${event.by}` : ''}${details.note ? `: ${details.note}` : ''}${copy}${reasons}`;
}

function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** The explorer's answer: each message, then its timeline, one event to a line. */
export function formatTrace(trace: MessageTrace): string {
  const blocks = trace.messages.map((message) => {
    const invoice = message.invoice ? `  invoice ${message.invoice.issuerTaxId}/${message.invoice.invoiceNumber}` : '';
    const header = `message ${message.messageId} (${message.status})${invoice}${message.causationId ? `  resent from ${message.causationId}` : ''}`;
    const facts = `  correlation ${message.correlationId ?? '?'}  client ${message.clientId ?? NO_CLIENT}${message.quarantined ? '  (in the quarantine: npm run admin -- show ' + message.messageId + ')' : ''}`;
    return [header, facts, ...message.timeline.map((event) => `  ${event.at}  ${traceEventText(event)}`)].join('\n');
  });
  const more = trace.truncated ? '\n(more messages matched than one answer holds: these are the first)' : '';
  return `${trace.messages.length} message(s) for ${trace.lookup.by} ${trace.lookup.value}\n\n${blocks.join('\n\n')}${more}`;
}

function traceEventText(event: MessageTrace['messages'][number]['timeline'][number]): string {
  const by = 'by' in event && event.by ? ` by ${event.by}` : '';
  switch (event.event) {
    case 'ACCEPTED':
      return `ACCEPTED${event.source ? ` from ${event.source}` : ''}${event.origin ? ` at ${originText(event.origin)}` : ''}`;
    case 'STORED':
    case 'DUPLICATE':
      return `${event.event} as ${event.invoice.issuerTaxId}/${event.invoice.invoiceNumber}`;
    case 'INVALID':
      return `INVALID\n${formatReasons(event.reasons).replace(/^/gm, '  ')}`;
    case 'RESEND_REJECTED':
      return `RESEND_REJECTED${by}\n${formatReasons(event.reasons).replace(/^/gm, '  ')}`;
    case 'RESENT':
      return `RESENT${by} as ${event.newMessageId}`;
    case 'RESEND_FAILED':
      return `RESEND_FAILED${by} (${event.newMessageId}): ${event.note}`;
    case 'DISCARDED':
      return `DISCARDED${by}: ${event.note}`;
    case 'QUARANTINED':
      return `QUARANTINED${by}`;
  }
}
