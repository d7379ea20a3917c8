/**
 * Validates the editor's text as the admin types, with the back end's own rules: the same
 * decoder and validator the Kafka consumer and the resend route run, bundled, never copied.
 */
import { decodeInvoicePayload } from '../../lib/domain/decode-invoice-payload';
import type { Reason } from '../../lib/domain/reasons';
import { validateInvoice } from '../../lib/domain/validate-invoice';
// Only the `http` part: the page is regenerated when what it bundles changes, not for every queue renamed.
import { http } from '../../lib/resources.json';

const encoder = new TextEncoder();

/**
 * Every rule the text breaks as an invoice submitted at `submittedAt`; [] when a resend
 * would pass. The size limit is the resend route's (the HTTP body limit).
 *
 * @example
 * validateEditorText('{"invoiceNumber": "F-1"}', new Date()).map((reason) => reason.code)
 * // ['MISSING_FIELD', ...]
 * validateEditorText('not json', new Date())[0]?.code // 'INVALID_JSON'
 */
export function validateEditorText(text: string, submittedAt: Date): Reason[] {
  const decoded = decodeInvoicePayload(encoder.encode(text), http.maxBodyBytes);
  if (!decoded.ok) return decoded.reasons;
  const validation = validateInvoice(decoded.document, { submittedAt });
  return validation.valid ? [] : validation.reasons;
}
