/**
 * What the detail view shows of a quarantined payload: its text as received, and when it
 * reads as a JSON object, that object pretty-printed with the reasons on their lines.
 * Pure: no DOM, unit-tested.
 */
import { decodeInvoicePayload } from '../../lib/domain/decode-invoice-payload';
import { annotateLines, prettyLines, type AnnotatedLine, type ShownReason } from './payload-lines';

export interface PayloadView {
  /** The payload as text: UTF-8 as received, or base64 when it is not UTF-8. */
  raw: string;
  /** Pretty-printed lines with their reasons; undefined when the payload is not a JSON object. */
  lines?: AnnotatedLine[];
  /** What the editor starts with: the pretty-printed JSON, else the raw text. */
  editorText: string;
}

/**
 * Reads the payload the admin API returns (`payload` + `payloadEncoding`) for display.
 *
 * @example
 * const view = payloadView('{"totals":{"gross":650}}', 'utf8', [{ code: 'TOTALS_MISMATCH', path: '/totals/gross', message: '...' }]);
 * view.lines?.find((line) => line.reasons.length > 0)?.text // '    "gross": 650'
 */
export function payloadView(payload: string, encoding: 'utf8' | 'base64', reasons: readonly ShownReason[]): PayloadView {
  const bytes = encoding === 'base64' ? base64Bytes(payload) : new TextEncoder().encode(payload);
  // The payload is already stored, so its size was checked; here only its shape matters.
  const decoded = bytes ? decodeInvoicePayload(bytes, Number.POSITIVE_INFINITY) : undefined;
  if (!decoded?.ok) return { raw: payload, editorText: payload };
  const lines = prettyLines(decoded.document);
  return {
    raw: decoded.text,
    lines: annotateLines(lines, reasons),
    editorText: lines.map((line) => line.text).join('\n'),
  };
}

function base64Bytes(text: string): Uint8Array | undefined {
  try {
    return Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
  } catch {
    return undefined; // Not base64 after all: show it as the text it is.
  }
}
