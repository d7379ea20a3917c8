/**
 * Builds the event AWS Lambda sends for Kafka event source mappings, from kafkajs
 * messages: records grouped under "topic-partition", key and value base64, headers as
 * arrays of byte values, numeric offset and timestamp. An `msk` event gives
 * eventSource aws:kafka with the cluster ARN; a `kafka` event gives SelfManagedKafka.
 * The shape is lambdaKafkaEventSchema's (lib/adapters/kafka/lambda-kafka-event.ts), the
 * one the handlers parse, and a contract test holds what this builds against it.
 */
import type { IHeaders, KafkaMessage } from 'kafkajs';
import type { LambdaKafkaEvent, LambdaKafkaRecord } from '../../lib/adapters/kafka/lambda-kafka-event';

export type { LambdaKafkaEvent, LambdaKafkaRecord };

export type KafkaEventSource =
  | { kind: 'msk'; clusterArn: string }
  | { kind: 'self-managed' };

export interface PartitionMessages {
  topic: string;
  partition: number;
  messages: KafkaMessage[];
}

/**
 * @example
 * buildLambdaKafkaEvent({ kind: 'msk', clusterArn }, '127.0.0.1:9092', [{ topic: 'invoices', partition: 3, messages }])
 */
export function buildLambdaKafkaEvent(
  source: KafkaEventSource,
  bootstrapServers: string,
  batches: PartitionMessages[],
): LambdaKafkaEvent {
  const records: Record<string, LambdaKafkaRecord[]> = {};
  for (const batch of batches) {
    records[`${batch.topic}-${batch.partition}`] = batch.messages.map((message) => toLambdaRecord(batch.topic, batch.partition, message));
  }
  return source.kind === 'msk'
    ? { eventSource: 'aws:kafka', eventSourceArn: source.clusterArn, bootstrapServers, records }
    : { eventSource: 'SelfManagedKafka', bootstrapServers, records };
}

/** One record in Lambda event form. */
export function toLambdaRecord(topic: string, partition: number, message: KafkaMessage): LambdaKafkaRecord {
  const record: LambdaKafkaRecord = {
    topic,
    partition,
    offset: Number(message.offset),
    timestamp: Number(message.timestamp),
    // kafkajs does not expose the batch's timestamp type; our topics use the default, CreateTime.
    timestampType: 'CREATE_TIME',
    headers: toLambdaHeaders(message.headers ?? {}),
  };
  // Lambda leaves out key and value when the record has none (null), rather than sending "".
  if (message.key !== null && message.key !== undefined) record.key = message.key.toString('base64');
  if (message.value !== null && message.value !== undefined) record.value = message.value.toString('base64');
  return record;
}

function toLambdaHeaders(headers: IHeaders): Array<Record<string, number[]>> {
  const result: Array<Record<string, number[]>> = [];
  for (const [name, value] of Object.entries(headers)) {
    const values = Array.isArray(value) ? value : [value];
    for (const one of values) {
      if (one === undefined) continue;
      result.push({ [name]: [...(typeof one === 'string' ? Buffer.from(one) : one)] });
    }
  }
  return result;
}
