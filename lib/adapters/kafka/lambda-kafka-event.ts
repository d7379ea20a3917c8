/**
 * The event AWS Lambda sends for MSK and self-managed Kafka event source mappings, as a zod
 * schema (the one description of that shape: the handlers parse with it, the local trigger
 * builds to it, and the contract tests hold both against it), and its decoding into
 * IncomingRecords the way Powertools' Kafka consumer does (base64 key and value, headers as
 * byte arrays), but keeping the value as raw bytes: the validator must see invalid UTF-8 too.
 *
 * Sources: AWS Lambda DG "Using Lambda with Amazon MSK" and "Using Lambda with self-managed
 * Apache Kafka" (example events), and Powertools for AWS Lambda (TypeScript), parser saved
 * events kafka/base.json and kafkaEventSelfManaged.json. The guide names self-managed Kafka
 * `SelfManagedKafka`, Powertools `aws:SelfManagedKafka`: both are accepted.
 */
import { z } from 'zod';
import type { IncomingMessage } from '../../domain/incoming-message';

const headerSchema = z.record(z.string(), z.array(z.number().int().min(0).max(255)));

export const lambdaKafkaRecordSchema = z.object({
  topic: z.string(),
  partition: z.number().int().nonnegative(),
  offset: z.number().int().nonnegative(),
  timestamp: z.number(),
  timestampType: z.enum(['CREATE_TIME', 'LOG_APPEND_TIME']).optional(),
  // Lambda leaves out (or nulls) a key or value the record does not have.
  key: z.string().nullish(),
  value: z.string().nullish(),
  headers: z.array(headerSchema).nullish(),
});

export const KAFKA_EVENT_SOURCES = ['aws:kafka', 'SelfManagedKafka', 'aws:SelfManagedKafka'] as const;

export const lambdaKafkaEventSchema = z.object({
  eventSource: z.enum(KAFKA_EVENT_SOURCES),
  eventSourceArn: z.string().optional(),
  bootstrapServers: z.string().optional(),
  records: z.record(z.string(), z.array(lambdaKafkaRecordSchema)),
});

export type LambdaKafkaRecord = z.infer<typeof lambdaKafkaRecordSchema>;
export type LambdaKafkaEvent = z.infer<typeof lambdaKafkaEventSchema>;

/**
 * Every record of the event, in partition then offset order.
 *
 * @example
 * decodeLambdaKafkaEvent(event).map((message) => message.payload?.toString('utf8'))
 */
export function decodeLambdaKafkaEvent(event: unknown): IncomingMessage[] {
  return recordsOf(lambdaKafkaEventSchema.parse(event));
}

/** The records of an already parsed event, decoded. */
export function recordsOf(event: LambdaKafkaEvent): IncomingMessage[] {
  return Object.values(event.records).flatMap((records) => records.map(toIncomingRecord));
}

function toIncomingRecord(record: LambdaKafkaRecord): IncomingMessage {
  return {
    origin: { topic: record.topic, partition: record.partition, offset: String(record.offset) },
    // Kafka's own address of a record: the same on every redelivery.
    fallbackId: `${record.topic}-${record.partition}-${record.offset}`,
    timestamp: new Date(record.timestamp),
    key: record.key == null ? null : Buffer.from(record.key, 'base64'),
    payload: record.value == null ? null : Buffer.from(record.value, 'base64'),
    headers: decodeHeaders(record.headers ?? []),
  };
}

/** Header values as UTF-8 text; when a header repeats, the last value wins (as Kafka clients read it). */
function decodeHeaders(headers: Array<Record<string, number[]>>): Record<string, string> {
  const decoded: Record<string, string> = {};
  for (const header of headers) {
    for (const [name, bytes] of Object.entries(header)) decoded[name] = Buffer.from(bytes).toString('utf8');
  }
  return decoded;
}
