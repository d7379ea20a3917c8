/**
 * The record the event source mapping writes to a Kafka on-failure destination for one
 * record it gave up on, as AWS documents it (AWS Lambda DG "Using a Kafka topic as an
 * on-failure destination", "Record format for a Kafka destination"): a JSON envelope with
 * the failure and the original record in Lambda event form, keyed with the original key.
 * The shape is kafkaFailureEnvelopeSchema's, the one settleFailedRecords reads.
 */
import { randomUUID } from 'node:crypto';
import type { KafkaMessage } from 'kafkajs';
import type { KafkaFailureEnvelope } from '../../lib/adapters/kafka/kafka-failure-envelope';
import { buildLambdaKafkaEvent, type KafkaEventSource } from './msk-event';

/** The local stand-in for the function's ARN (LocalStack's account and region). */
const LOCAL_FUNCTION_ARN_PREFIX = 'arn:aws:lambda:us-east-1:000000000000:function:';

/** How the last invocation of the record ended, for responseContext (null: never invoked). */
export type LastResponse = { functionError: boolean } | null;

export interface FailureDescription {
  condition: string;
  approximateInvokeCount: number;
  lastResponse: LastResponse;
}

export interface EnvelopeContext {
  functionName: string;
  source: KafkaEventSource;
  bootstrapServers: string;
  topic: string;
  partition: number;
  now: Date;
}

/**
 * The destination record (key and JSON value) for one failed message.
 *
 * @example
 * const { key, value } = buildFailureRecord(context, message, { condition: 'RetriesExhausted', approximateInvokeCount: 11, lastResponse: { functionError: true } });
 */
export function buildFailureRecord(context: EnvelopeContext, message: KafkaMessage, failure: FailureDescription): { key: Buffer | null; value: string } {
  const payload = buildLambdaKafkaEvent(context.source, context.bootstrapServers, [{ topic: context.topic, partition: context.partition, messages: [message] }]);
  const eventSourceArn = context.source.kind === 'msk' ? context.source.clusterArn : undefined;
  const envelope: KafkaFailureEnvelope = {
    requestContext: {
      requestId: randomUUID(),
      functionArn: `${LOCAL_FUNCTION_ARN_PREFIX}${context.functionName}`,
      condition: failure.condition,
      approximateInvokeCount: failure.approximateInvokeCount,
    },
    responseContext: failure.lastResponse && {
      statusCode: 200,
      executedVersion: '$LATEST',
      ...(failure.lastResponse.functionError ? { functionError: 'Unhandled' } : {}),
    },
    version: '1.0',
    timestamp: context.now.toISOString(),
    KafkaBatchInfo: {
      batchSize: 1,
      ...(eventSourceArn ? { eventSourceArn } : {}),
      bootstrapServers: context.bootstrapServers,
      payloadSize: Buffer.byteLength(JSON.stringify(payload)),
      recordInfo: { offset: message.offset, timestamp: new Date(Number(message.timestamp)).toISOString() },
    },
    payload,
  };
  return { key: message.key ?? null, value: JSON.stringify(envelope) };
}
