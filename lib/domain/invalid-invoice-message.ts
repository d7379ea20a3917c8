/**
 * The message on the invalid channel (schema version 1): the record exactly as it came
 * (payload byte-exact, base64 when it is not UTF-8 text), where it came from, and every
 * reason it failed. The quarantine reads it back with invalidInvoiceMessageSchema.
 */
import { z } from 'zod';
import { messageOriginSchema } from './message-origin';
import type { IncomingMessage } from './incoming-message';
import { REASON_CATEGORIES, REASON_CODES, type Reason } from './reasons';

export const reasonSchema = z.object({
  category: z.enum(REASON_CATEGORIES),
  code: z.enum(REASON_CODES),
  path: z.string(),
  message: z.string(),
});

export const invalidInvoiceMessageSchema = z.object({
  messageId: z.string().min(1),
  correlationId: z.string().min(1),
  causationId: z.string().optional(),
  /** The API client that sent it; absent for records produced straight to the topic. */
  clientId: z.string().optional(),
  detectedAt: z.string(),
  source: messageOriginSchema.extend({
    timestamp: z.string(),
    key: z.string().nullable(),
  }),
  headers: z.record(z.string(), z.string()),
  payload: z.string(),
  payloadEncoding: z.enum(['utf8', 'base64']),
  /** Set when the record was larger than the channel keeps: the payload is its first bytes; the whole is still on its transport at source. */
  payloadTruncated: z.boolean().optional(),
  payloadSizeBytes: z.number().int().nonnegative(),
  reasons: z.array(reasonSchema).min(1),
  validator: z.object({ name: z.string(), version: z.string() }),
});

export type InvalidInvoiceMessage = z.infer<typeof invalidInvoiceMessageSchema>;

export interface ValidatorIdentity {
  name: string;
  version: string;
}

export interface InvalidMessageContext {
  messageId: string;
  correlationId: string;
  causationId?: string;
  clientId?: string;
  detectedAt: Date;
  validator: ValidatorIdentity;
  /** The most payload bytes the message carries; larger records keep their first bytes. */
  maxPayloadBytes: number;
}

/**
 * Builds the invalid-channel message of a record.
 *
 * @example
 * buildInvalidInvoiceMessage(record, [reason('TOTALS_MISMATCH', '/totals/gross', '...')], { messageId, correlationId, detectedAt: new Date(), validator, maxPayloadBytes: 262144 })
 */
export function buildInvalidInvoiceMessage(
  record: IncomingMessage,
  reasons: Reason[],
  context: InvalidMessageContext,
): InvalidInvoiceMessage {
  const value = record.payload ?? Buffer.alloc(0);
  const truncated = value.length > context.maxPayloadBytes;
  const kept = truncated ? value.subarray(0, context.maxPayloadBytes) : value;
  const text = truncated ? undefined : utf8OrUndefined(kept);
  return {
    messageId: context.messageId,
    correlationId: context.correlationId,
    ...(context.causationId ? { causationId: context.causationId } : {}),
    ...(context.clientId ? { clientId: context.clientId } : {}),
    detectedAt: context.detectedAt.toISOString(),
    source: {
      ...record.origin,
      timestamp: record.timestamp.toISOString(),
      key: record.key === null ? null : record.key.toString('utf8'),
    },
    headers: record.headers,
    payload: text ?? kept.toString('base64'),
    payloadEncoding: text === undefined ? 'base64' : 'utf8',
    ...(truncated ? { payloadTruncated: true } : {}),
    payloadSizeBytes: value.length,
    reasons,
    validator: context.validator,
  };
}

/** The bytes a message's payload stands for (what was on the topic, or its first bytes when truncated). */
export function payloadBytes(message: Pick<InvalidInvoiceMessage, 'payload' | 'payloadEncoding'>): Buffer {
  return Buffer.from(message.payload, message.payloadEncoding === 'base64' ? 'base64' : 'utf8');
}

function utf8OrUndefined(bytes: Buffer): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}
