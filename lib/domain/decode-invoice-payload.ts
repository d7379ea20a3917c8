/**
 * Reads a record value as an invoice document: size, then UTF-8, then nesting depth, then
 * JSON, then "is it an object". Browser-safe (Uint8Array and TextDecoder, no Buffer).
 */
import { quoteValue } from './field-path';
import { reason, type Reason, type ReasonCode } from './reasons';

export type DecodedPayload =
  | { ok: true; text: string; document: Record<string, unknown> }
  | { ok: false; reasons: Reason[] };

/**
 * Deepest nesting of arrays and objects accepted. An invoice needs 3 levels; the cap keeps
 * recursive code (canonical JSON, logging, the console) safe from a 100,000-level payload.
 */
export const MAX_JSON_DEPTH = 64;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Fatal: a byte sequence that is not UTF-8 throws instead of becoming U+FFFD. */
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes a record value into its text and JSON object, or says why it cannot.
 * Checks in order, so that each failure is named for its cause: no value (INVALID_JSON),
 * more than `maxBytes` (PAYLOAD_TOO_LARGE, without reading it), not UTF-8
 * (INVALID_ENCODING), nested deeper than MAX_JSON_DEPTH or not JSON (INVALID_JSON),
 * JSON that is not an object (NOT_AN_OBJECT). A leading UTF-8 byte order mark is ignored.
 *
 * @example
 * decodeInvoicePayload(new TextEncoder().encode('{"invoiceNumber":"F-1"}'), 262144)
 * // { ok: true, text: '{"invoiceNumber":"F-1"}', document: { invoiceNumber: 'F-1' } }
 * decodeInvoicePayload(new TextEncoder().encode('[]'), 262144)
 * // { ok: false, reasons: [{ category: 'STRUCTURE', code: 'NOT_AN_OBJECT', path: '', message: '...' }] }
 */
export function decodeInvoicePayload(value: Uint8Array | null, maxBytes: number): DecodedPayload {
  if (value === null || value.byteLength === 0) {
    return failure('INVALID_JSON', `The record has no value (it is ${value === null ? 'null' : 'empty'}); send the invoice as a JSON object.`);
  }
  if (value.byteLength > maxBytes) {
    return failure('PAYLOAD_TOO_LARGE', `The record value is ${value.byteLength} bytes, more than the limit of ${maxBytes} bytes; send a smaller invoice.`);
  }
  const text = decodeUtf8(value);
  if (text === undefined) {
    return failure('INVALID_ENCODING', 'The record value is not UTF-8 text; encode the invoice JSON as UTF-8.');
  }
  if (nestsDeeperThan(text, MAX_JSON_DEPTH)) {
    return failure('INVALID_JSON', `The JSON nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep; an invoice needs 3, so flatten it.`);
  }
  const parsed = parseJson(text);
  if (!parsed.ok) return failure('INVALID_JSON', `The record value is not valid JSON (${parsed.error}); send the invoice as a JSON object.`);
  const document = parsed.value;
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    return failure('NOT_AN_OBJECT', `The JSON must be an object ({ ... }) holding the invoice, but it is ${quoteValue(document)}.`);
  }
  return { ok: true, text, document: document as Record<string, unknown> };
}

function failure(code: ReasonCode, message: string): DecodedPayload {
  return { ok: false, reasons: [reason(code, '', message)] };
}

function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined; // TypeError: the only failure of a fatal decoder is a malformed sequence
  }
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    // SyntaxError for malformed text; any other error (an engine's stack limit) means the same to the sender.
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, error: detail.length > 120 ? `${detail.slice(0, 119)}…` : detail };
  }
}

/** Counts open brackets outside strings: linear, no recursion, cheap next to JSON.parse. */
function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === BACKSLASH) index += 1;
      else if (char === QUOTE) inString = false;
    } else if (char === QUOTE) {
      inString = true;
    } else if (char === OPEN_BRACE || char === OPEN_BRACKET) {
      depth += 1;
      if (depth > limit) return true;
    } else if (char === CLOSE_BRACE || char === CLOSE_BRACKET) {
      depth -= 1;
    }
  }
  return false;
}
