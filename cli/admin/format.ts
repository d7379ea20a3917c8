/** How the CLI prints entries for a person (the --json flag prints the API's JSON instead). */
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

export function formatEntry(entry: InvalidInvoice): string {
  const payload = entry.payloadEncoding === 'utf8' ? prettyJson(entry.payload) : `(base64, not UTF-8) ${entry.payload.slice(0, 200)}`;
  return [
    `message      ${entry.messageId} (${entry.status}${entry.resentAs ? `, resent as ${entry.resentAs}` : ''})`,
    `client       ${entry.clientId ?? NO_CLIENT}`,
    `invoice      ${entry.issuerTaxId ?? '?'}/${entry.invoiceNumber ?? '?'}`,
    `correlation  ${entry.correlationId}`,
    `source       ${entry.source.topic}-${entry.source.partition}@${entry.source.offset} at ${entry.source.timestamp}`,
    'reasons',
    formatReasons(entry.reasons),
    'history',
    ...entry.history.map((event) => `  ${event.at}  ${event.action}${event.by ? ` by ${said(event.by)}` : ''}${event.note ? `: ${said(event.note)}` : ''}${event.newMessageId ? ` -> ${said(event.newMessageId)} (${said(event.newMessageStatus ?? 'ACCEPTED')})` : ''}`),
    'payload',
    payload,
  ].join('\n');
}

/** A history detail as text: the string itself, anything else as JSON. */
function said(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
