/** How the CLI prints entries for a person (the --json flag prints the API's JSON instead). */
import type { InvalidInvoice, InvalidInvoiceSummary, Reason } from './admin-api-client';

export function formatList(items: InvalidInvoiceSummary[]): string {
  if (items.length === 0) return 'no invalid invoices match';
  const rows = items.map((item) =>
    [item.quarantinedAt.slice(0, 19), item.status.padEnd(9), item.messageId, `${item.issuerTaxId ?? '?'}/${item.invoiceNumber ?? '?'}`, item.codes.join(',')].join('  '),
  );
  return [`${'quarantined at'.padEnd(19)}  ${'status'.padEnd(9)}  message id  invoice  codes`, ...rows, `${items.length} invoice(s)`].join('\n');
}

export function formatReasons(reasons: Reason[]): string {
  return reasons.map((reason) => `  - [${reason.category}/${reason.code}] ${reason.path || '(whole message)'}: ${reason.message}`).join('\n');
}

export function formatEntry(entry: InvalidInvoice): string {
  const payload = entry.payloadEncoding === 'utf8' ? prettyJson(entry.payload) : `(base64, not UTF-8) ${entry.payload.slice(0, 200)}`;
  return [
    `message      ${entry.messageId} (${entry.status}${entry.resentAs ? `, resent as ${entry.resentAs}` : ''})`,
    `invoice      ${entry.issuerTaxId ?? '?'}/${entry.invoiceNumber ?? '?'}`,
    `correlation  ${entry.correlationId}`,
    `kafka        ${entry.source.topic}-${entry.source.partition}@${entry.source.offset} at ${entry.source.timestamp}`,
    'reasons',
    formatReasons(entry.reasons),
    'history',
    ...entry.history.map((event) => `  ${event.at}  ${event.action}${event.by ? ` by ${String(event.by)}` : ''}${event.note ? `: ${String(event.note)}` : ''}${event.newMessageId ? ` -> ${String(event.newMessageId)} (${String(event.newMessageStatus ?? 'ACCEPTED')})` : ''}`),
    'payload',
    payload,
  ].join('\n');
}

function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
