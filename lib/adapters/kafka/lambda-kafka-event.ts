/**
 * Decodes the event Lambda sends for MSK and self-managed Kafka into IncomingRecords,
 * the way Powertools' Kafka consumer does (base64 key and value, headers as byte
 * arrays), but keeps the value as raw bytes: the validator must see invalid UTF-8 too.
 */
import { z } from 'zod';
import type { IncomingRecord } from '../../domain/incoming-record';

const headerSchema = z.record(z.string(), z.array(z.number().int().min(0).max(255)));

const recordSchema = z.object({
  topic: z.string(),
  partition: z.number().int(),
  offset: z.union([z.number(), z.string()]),
  timestamp: z.number(),
  timestampType: z.enum(['CREATE_TIME', 'LOG_APPEND_TIME']).optional(),
  key: z.string().nullish(),
  value: z.string().nullish(),
  headers: z.array(headerSchema).nullish(),
});

export const lambdaKafkaEventSchema = z.object({
  eventSource: z.enum(['aws:kafka', 'SelfManagedKafka']),
  eventSourceArn: z.string().optional(),
  bootstrapServers: z.string().optional(),
  records: z.record(z.string(), z.array(recordSchema)),
});

export type LambdaKafkaEventInput = z.input<typeof lambdaKafkaEventSchema>;

/**
 * Every record of the event, in partition then offset order.
 *
 * @example
 * decodeLambdaKafkaEvent(event).map((record) => record.value?.toString('utf8'))
 */
export function decodeLambdaKafkaEvent(event: unknown): IncomingRecord[] {
  const parsed = lambdaKafkaEventSchema.parse(event);
  return Object.values(parsed.records).flatMap((records) =>
    records.map((record) => ({
      topic: record.topic,
      partition: record.partition,
      offset: String(record.offset),
      timestamp: new Date(record.timestamp),
      key: record.key == null ? null : Buffer.from(record.key, 'base64'),
      value: record.value == null ? null : Buffer.from(record.value, 'base64'),
      headers: decodeHeaders(record.headers ?? []),
    })),
  );
}

/** Header values as UTF-8 text; when a header repeats, the last value wins (as Kafka clients read it). */
function decodeHeaders(headers: Array<Record<string, number[]>>): Record<string, string> {
  const decoded: Record<string, string> = {};
  for (const header of headers) {
    for (const [name, bytes] of Object.entries(header)) decoded[name] = Buffer.from(bytes).toString('utf8');
  }
  return decoded;
}
