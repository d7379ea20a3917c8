/** Builds IncomingRecords the way the Kafka event decoder hands them to the validator. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { IncomingRecord } from '../../lib/domain/incoming-record';

let nextOffset = 0;

export function fixture(name: string): Buffer {
  return readFileSync(path.join(__dirname, '..', 'fixtures', `${name}.json`));
}

export function incomingRecord(value: Buffer | string | null, overrides: Partial<IncomingRecord> = {}): IncomingRecord {
  const offset = String(nextOffset++);
  return {
    topic: 'invoices',
    partition: 0,
    offset,
    timestamp: new Date('2026-11-21T09:00:00.000Z'),
    key: null,
    value: typeof value === 'string' ? Buffer.from(value) : value,
    headers: { 'message-id': `msg-${offset}`, 'correlation-id': `corr-${offset}`, source: 'invoice-api' },
    ...overrides,
  };
}

/** The valid fixture with another invoice number, so tests do not collide on identity. */
export function validInvoice(invoiceNumber: string, changes: Record<string, unknown> = {}): Buffer {
  const document = { ...(JSON.parse(fixture('valid-basic').toString()) as Record<string, unknown>), invoiceNumber, ...changes };
  return Buffer.from(JSON.stringify(document));
}
