/**
 * The trace ids of a record. Records from other producers may lack the headers; their
 * message id is then derived from where they sit in Kafka, so a redelivery gets the same
 * id and the stores stay idempotent.
 */
import type { IncomingRecord } from './incoming-record';
import { HEADER } from './record-headers';

export interface RecordTrace {
  messageId: string;
  correlationId: string;
  causationId?: string;
  source?: string;
  submittedAt: string;
}

export function traceOf(record: IncomingRecord): RecordTrace {
  const messageId = nonEmpty(record.headers[HEADER.messageId]) ?? `${record.topic}-${record.partition}-${record.offset}`;
  const causationId = nonEmpty(record.headers[HEADER.causationId]);
  const source = nonEmpty(record.headers[HEADER.source]);
  return {
    messageId,
    correlationId: nonEmpty(record.headers[HEADER.correlationId]) ?? messageId,
    ...(causationId ? { causationId } : {}),
    ...(source ? { source } : {}),
    submittedAt: nonEmpty(record.headers[HEADER.submittedAt]) ?? record.timestamp.toISOString(),
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
