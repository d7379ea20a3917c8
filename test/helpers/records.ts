/** Builds incoming messages the way the Kafka event decoder hands them to the validator. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { IncomingMessage } from '../../lib/domain/incoming-message';
import type { MessageOrigin } from '../../lib/domain/message-origin';

let nextOffset = 0;

export function fixture(name: string): Buffer {
  return readFileSync(path.join(__dirname, '..', 'fixtures', `${name}.json`));
}

/** A message of a Kafka topic; `overrides` may move it (topic, partition, offset) or change any other field. */
export function incomingRecord(value: Buffer | string | null, overrides: Partial<Omit<IncomingMessage, 'origin'>> & Partial<MessageOrigin> = {}): IncomingMessage {
  const { topic = 'invoices', partition = 0, offset = String(nextOffset++), ...rest } = overrides;
  return {
    origin: { topic, partition, offset },
    fallbackId: `${topic}-${partition}-${offset}`,
    timestamp: new Date('2026-11-21T09:00:00.000Z'),
    key: null,
    payload: typeof value === 'string' ? Buffer.from(value) : value,
    headers: { 'message-id': `msg-${offset}`, 'correlation-id': `corr-${offset}`, source: 'invoice-api' },
    ...rest,
  };
}

/** The valid fixture with another invoice number, so tests do not collide on identity. */
export function validInvoice(invoiceNumber: string, changes: Record<string, unknown> = {}): Buffer {
  const document = { ...(JSON.parse(fixture('valid-basic').toString()) as Record<string, unknown>), invoiceNumber, ...changes };
  return Buffer.from(JSON.stringify(document));
}
