/**
 * What `resend --edit` opens in the editor, and what it sends back. Every entry can be
 * edited: JSON is pretty-printed; a payload that is not JSON is opened as the text it is; one
 * that is not text (base64) opens empty. Above it, a note says why the entry failed; the note
 * is taken off again before anything is sent, so it never reaches the invoice.
 */
import type { InvalidInvoice } from './admin-api-client';

const NOTE_START = '#! ---- why this invoice was rejected (these lines are removed before it is sent) ----';
const NOTE_END = '#! ---- edit the invoice below; an empty file sends nothing ----';

/**
 * @example
 * editableText(entry) // '#! ---- why ...\n#! INVALID_JSON at /: ...\n#! ---- edit ...\n{ "invoiceNumber": ... }\n'
 */
export function editableText(entry: Pick<InvalidInvoice, 'payload' | 'payloadEncoding' | 'reasons'>): string {
  const reasons = entry.reasons.map((reason) => `#! ${reason.code} at ${reason.path || '/'}: ${reason.message}`);
  const notText = entry.payloadEncoding === 'base64' ? ['#! The payload is not UTF-8 text, so it cannot be edited: write the corrected invoice in its place.'] : [];
  return [NOTE_START, ...reasons, ...notText, NOTE_END, bodyOf(entry)].join('\n');
}

/** The corrected body: the editor's text without the note; undefined when nothing is left. */
export function editedBody(text: string): string | undefined {
  const lines = text.split('\n');
  const end = lines[0] === NOTE_START ? lines.indexOf(NOTE_END) : -1;
  const body = (end >= 0 ? lines.slice(end + 1) : lines).join('\n');
  return body.trim() ? body : undefined;
}

function bodyOf(entry: Pick<InvalidInvoice, 'payload' | 'payloadEncoding'>): string {
  if (entry.payloadEncoding !== 'utf8') return '';
  try {
    return `${JSON.stringify(JSON.parse(entry.payload), null, 2)}\n`;
  } catch {
    // Not JSON (the reason it failed, most likely): as it was, for a person to repair.
    return entry.payload;
  }
}
