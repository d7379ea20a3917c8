/**
 * What the event source mapping writes to a Kafka on-failure destination for every record it
 * gave up on: a JSON envelope with the failure (requestContext, responseContext), the batch it
 * came from (KafkaBatchInfo), and the original record in Lambda event form (payload.records,
 * key and value base64), keyed with the record's own key. This module holds its schema and
 * turns the destination's records back into the records that failed.
 *
 * Source: AWS Lambda DG "Using a Kafka topic as an on-failure destination", section "Record
 * format for a Kafka destination" (saved as test/events/kafka-on-failure-envelope.json).
 * `condition` is "RetriesExhausted" in that example; the guide's SQS/SNS destination page
 * writes "RetryAttemptsExhausted", and its stream pages "RecordAgeExceeded" for records past
 * their maximum age. Any string is accepted and shown to the admin as it came.
 */
import { z } from 'zod';
import type { FailedDelivery } from '../../domain/failed-delivery';
import type { IncomingMessage } from '../../domain/incoming-message';
import { decodeLambdaKafkaEvent, lambdaKafkaEventSchema, recordsOf } from './lambda-kafka-event';

export const kafkaFailureEnvelopeSchema = z.object({
  requestContext: z.object({
    requestId: z.string(),
    functionArn: z.string(),
    condition: z.string().min(1),
    approximateInvokeCount: z.number().int().nonnegative(),
  }),
  // Null when the function never saw the record (AWS: MaximumPayloadSizeExceeded).
  responseContext: z
    .object({ statusCode: z.number().int(), executedVersion: z.string().optional(), functionError: z.string().optional() })
    .nullable(),
  version: z.string(),
  timestamp: z.string(),
  KafkaBatchInfo: z.object({
    batchSize: z.number().int().positive(),
    eventSourceArn: z.string().optional(),
    bootstrapServers: z.string(),
    payloadSize: z.number().int().nonnegative(),
    recordInfo: z.object({ offset: z.string(), timestamp: z.string() }),
  }),
  payload: lambdaKafkaEventSchema,
});

export type KafkaFailureEnvelope = z.infer<typeof kafkaFailureEnvelopeSchema>;

/** The conditions the local trigger writes, with AWS's names. */
export const FAILURE_CONDITION = { retriesExhausted: 'RetriesExhausted', recordAgeExceeded: 'RecordAgeExceeded' } as const;

/**
 * Every failed record carried by an event read from the on-failure topic. A destination
 * record that is not a valid envelope is returned as it is, with what is wrong with it, so
 * it is quarantined rather than dropped.
 *
 * @example
 * readFailedDeliveries(event).map(({ record, failure }) => [record.offset, failure.kind])
 */
export function readFailedDeliveries(event: unknown): FailedDelivery[] {
  return decodeLambdaKafkaEvent(event).flatMap(unwrapEnvelope);
}

function unwrapEnvelope(destinationRecord: IncomingMessage): FailedDelivery[] {
  const problem = (what: string): FailedDelivery[] => [{ record: destinationRecord, failure: { kind: 'not-a-failure-report', problem: what } }];
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(destinationRecord.payload ?? Buffer.alloc(0)));
  } catch (error) {
    return problem(`its value is not JSON text (${(error as Error).message})`);
  }
  const parsed = kafkaFailureEnvelopeSchema.safeParse(json);
  if (!parsed.success) return problem(`it is not an AWS Kafka failure envelope: ${z.prettifyError(parsed.error).replace(/\s+/g, ' ')}`);
  const originals = recordsOf(parsed.data.payload);
  if (originals.length === 0) return problem('its envelope carries no record (payload.records is empty)');
  const { condition, approximateInvokeCount } = parsed.data.requestContext;
  return originals.map((record) => ({ record, failure: { kind: 'gave-up', condition, invocations: approximateInvokeCount } }));
}
