/**
 * The trace ids of a message. Messages from other producers may lack the headers, or carry a
 * message id no store can key on (too long, control characters); their message id is then the
 * one their transport derives from where they sit (fallbackId), so a redelivery gets the same
 * id and the stores stay idempotent, and one odd header cannot fail the writes of the
 * messages batched with it.
 */
import type { IncomingMessage } from './incoming-message';
import { HEADER } from './message-headers';

export interface RecordTrace {
  messageId: string;
  correlationId: string;
  causationId?: string;
  source?: string;
  submittedAt: string;
  /** The API client that sent it; undefined for records produced straight to the topic. */
  clientId?: string;
}

/** Longest message id taken from a header: UUIDs and order numbers fit; DynamoDB keys stop at 2048 bytes. */
export const MAX_MESSAGE_ID_LENGTH = 256;

export function traceOf(record: IncomingMessage): RecordTrace {
  const messageId = usableId(record.headers[HEADER.messageId]) ?? record.fallbackId;
  const causationId = usableId(record.headers[HEADER.causationId]);
  const source = nonEmpty(record.headers[HEADER.source]);
  const clientId = usableId(record.headers[HEADER.clientId]);
  return {
    messageId,
    correlationId: usableId(record.headers[HEADER.correlationId]) ?? messageId,
    ...(causationId ? { causationId } : {}),
    ...(source ? { source } : {}),
    ...(clientId ? { clientId } : {}),
    submittedAt: nonEmpty(record.headers[HEADER.submittedAt]) ?? record.timestamp.toISOString(),
  };
}

function usableId(value: string | undefined): string | undefined {
  const id = nonEmpty(value);
  return id && id.length <= MAX_MESSAGE_ID_LENGTH && ![...id].some(isControlCharacter) ? id : undefined;
}

function isControlCharacter(character: string): boolean {
  const code = character.charCodeAt(0);
  return code < 0x20 || code === 0x7f;
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
