/**
 * What the validator writes for each bench invoice, built ahead of time for the raw
 * store loops: the Invoices item of a valid invoice (the StoredInvoice shape) and the
 * invalid-channel message of an invalid one. Built with the domain's own functions, so
 * the raw writes carry the same bytes the pipeline does.
 */
import { contentHash } from '../../lib/domain/content-hash';
import { decodeInvoicePayload } from '../../lib/domain/decode-invoice-payload';
import type { IncomingMessage } from '../../lib/domain/incoming-message';
import { buildInvalidInvoiceMessage, type InvalidInvoiceMessage } from '../../lib/domain/invalid-invoice-message';
import { reason, type Reason } from '../../lib/domain/reasons';
import { validateInvoice } from '../../lib/domain/validate-invoice';
import type { StoredInvoice } from '../../lib/ports/invoice-store';
import type { MessageOutcome } from '../../lib/ports/message-log';
import { INFRASTRUCTURE } from '../../lib/infrastructure';
import type { BenchInvoice } from './invoice-corpus';

export interface StoreItems {
  invoices: StoredInvoice[];
  /** SQS message bodies (JSON) of the invalid invoices. */
  invalidMessages: string[];
  /** Everything the validator writes for each invoice, in the corpus's order. */
  writes: ValidatorWrites[];
}

/** What the validator writes for one record: its invoice or its invalid message, and its outcome row. */
export interface ValidatorWrites {
  invoice?: StoredInvoice;
  invalid?: InvalidInvoiceMessage;
  outcome: MessageOutcome;
}

const VALIDATOR = { name: 'invoice-pipeline-bench', version: '0' };
const CONFLICT = reason('DUPLICATE_CONFLICT', '', 'Already stored with different content.');

/**
 * @example
 * const { invoices, invalidMessages } = buildStoreItems(corpus, 'bench-x1-raw', new Date());
 */
export function buildStoreItems(corpus: readonly BenchInvoice[], topic: string, now: Date): StoreItems {
  const items: StoreItems = { invoices: [], invalidMessages: [], writes: [] };
  const maxBytes = INFRASTRUCTURE.http.maxBodyBytes;
  corpus.forEach((invoice, offset) => {
    const record = asRecord(invoice, topic, offset, now);
    const decoded = decodeInvoicePayload(record.payload, maxBytes);
    const validation = decoded.ok ? validateInvoice(decoded.document, { submittedAt: now }) : undefined;
    const { origin } = record;
    const outcome = { messageId: invoice.messageId, correlationId: invoice.messageId, source: 'bench', origin, acceptedAt: now.toISOString(), processedAt: now.toISOString() };
    if (decoded.ok && validation?.valid && invoice.expected === 'STORED') {
      const stored: StoredInvoice = {
        ...validation.identity,
        messageId: invoice.messageId,
        correlationId: invoice.messageId,
        contentHash: contentHash(decoded.document),
        payload: decoded.text,
        submittedAt: now.toISOString(),
        storedAt: now.toISOString(),
        origin,
      };
      items.invoices.push(stored);
      items.writes.push({ invoice: stored, outcome: { ...outcome, status: 'STORED', invoice: validation.identity } });
      return;
    }
    const reasons: Reason[] = !decoded.ok ? decoded.reasons : validation && !validation.valid ? validation.reasons : [CONFLICT];
    const message = buildInvalidInvoiceMessage(record, reasons, {
      messageId: invoice.messageId,
      correlationId: invoice.messageId,
      detectedAt: now,
      validator: VALIDATOR,
      maxPayloadBytes: maxBytes,
    });
    items.invalidMessages.push(JSON.stringify(message));
    items.writes.push({ invalid: message, outcome: { ...outcome, status: 'INVALID', reasons } });
  });
  return items;
}

function asRecord(invoice: BenchInvoice, topic: string, offset: number, now: Date): IncomingMessage {
  return { origin: { topic, partition: 0, offset: String(offset) }, fallbackId: `${topic}-0-${offset}`, timestamp: now, key: Buffer.from(invoice.key), payload: invoice.value, headers: invoice.headers };
}
