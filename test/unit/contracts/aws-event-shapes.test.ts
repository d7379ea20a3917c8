/**
 * One zod schema of each AWS shape (lib/adapters/kafka), held against AWS's own saved
 * events and against what the local trigger builds: both must parse, and parse to
 * themselves (a field the schema does not know would be stripped, and show here). The SQS
 * trigger's event is held against AWS's saved SQS event field by field.
 */
import type { SQSEvent } from 'aws-lambda';
import type { KafkaMessage } from 'kafkajs';
import { kafkaBatchResponse, kafkaBatchResponseSchema } from '../../../lib/adapters/kafka/kafka-batch-response';
import { kafkaFailureEnvelopeSchema } from '../../../lib/adapters/kafka/kafka-failure-envelope';
import { lambdaKafkaEventSchema } from '../../../lib/adapters/kafka/lambda-kafka-event';
import { buildFailureRecord } from '../../../localstack/offline-kafka-trigger/failure-envelope';
import { buildLambdaKafkaEvent, type KafkaEventSource } from '../../../localstack/offline-kafka-trigger/msk-event';
import { buildLambdaSqsEvent } from '../../../localstack/offline-sqs-trigger/sqs-event';
import { savedAwsEvent, type SavedEventName } from '../../helpers/aws-events';

const message: KafkaMessage = {
  offset: '41',
  key: Buffer.from('B12345678/F-1'),
  value: Buffer.from([0x7b, 0xff, 0x7d]),
  timestamp: '1764583200000',
  attributes: 0,
  headers: { 'message-id': Buffer.from('m-1'), 'correlation-id': 'c-1' },
};

const sources: Array<[string, KafkaEventSource]> = [
  ['msk', { kind: 'msk', clusterArn: 'arn:aws:kafka:us-east-1:000000000000:cluster/local/x' }],
  ['self-managed', { kind: 'self-managed' }],
];

/** JSON round trip: what goes over the wire. */
const wire = <T>(value: T): unknown => JSON.parse(JSON.stringify(value));

describe('the Kafka event schema', () => {
  it.each<SavedEventName>(['msk-event', 'self-managed-kafka-event', 'self-managed-kafka-event-powertools'])('describes AWS\'s %s whole', (name) => {
    const event = savedAwsEvent(name);

    expect(lambdaKafkaEventSchema.parse(event)).toEqual(event);
  });

  it.each(sources)('describes whole what the local trigger sends for %s', (_kind, source) => {
    const event = wire(buildLambdaKafkaEvent(source, '127.0.0.1:9092', [{ topic: 'invoices', partition: 3, messages: [message] }]));

    expect(lambdaKafkaEventSchema.parse(event)).toEqual(event);
  });
});

describe('the Kafka on-failure envelope schema', () => {
  it('describes AWS\'s documented destination record whole', () => {
    const envelope = savedAwsEvent('kafka-on-failure-envelope');

    expect(kafkaFailureEnvelopeSchema.parse(envelope)).toEqual(envelope);
  });

  it.each(sources)('describes whole what the local trigger writes to the destination for %s, keyed as the original', (_kind, source) => {
    // Act
    const record = buildFailureRecord(
      { functionName: 'invoice-pipeline-local-validateInvoices', source, bootstrapServers: '127.0.0.1:9092', topic: 'invoices', partition: 3, now: new Date('2026-12-01T10:00:00.000Z') },
      message,
      { condition: 'RetriesExhausted', approximateInvokeCount: 11, lastResponse: { functionError: true } },
    );

    // Assess
    const envelope = JSON.parse(record.value) as unknown;
    expect(kafkaFailureEnvelopeSchema.parse(envelope)).toEqual(envelope);
    expect(record.key?.toString()).toBe('B12345678/F-1');
    expect(envelope).toMatchObject({
      requestContext: { condition: 'RetriesExhausted', approximateInvokeCount: 11, functionArn: expect.stringContaining(':function:invoice-pipeline-local-validateInvoices') },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      version: '1.0',
      KafkaBatchInfo: { batchSize: 1, bootstrapServers: '127.0.0.1:9092', recordInfo: { offset: '41', timestamp: '2025-12-01T10:00:00.000Z' } },
      payload: { records: { 'invoices-3': [{ offset: 41, value: Buffer.from([0x7b, 0xff, 0x7d]).toString('base64') }] } },
    });
  });
});

describe('the Kafka partial batch response schema', () => {
  it('describes what the validator answers, in AWS\'s documented shape', () => {
    const response = wire(kafkaBatchResponse([{ topic: 'invoices', partition: 3, offset: '41' }]));

    expect(kafkaBatchResponseSchema.parse(response)).toEqual(response);
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: expect.objectContaining({ partition: 'invoices-3', offset: 41 }) }] });
  });
});

describe('the SQS event the local trigger sends', () => {
  it('has every field of AWS\'s saved SQS record, and none AWS does not send', () => {
    // Prepare
    const [awsRecord] = savedAwsEvent<SQSEvent>('sqs-event').Records;
    const received = {
      MessageId: 'm-1',
      ReceiptHandle: 'r-1',
      Body: '{}',
      MD5OfBody: '99914b932bd37a50b983c5e7c90ae93b',
      MD5OfMessageAttributes: 'abc',
      Attributes: { ApproximateReceiveCount: '1', SentTimestamp: '1', SenderId: 's', ApproximateFirstReceiveTimestamp: '1', DeadLetterQueueSourceArn: 'arn' },
      MessageAttributes: { category: { DataType: 'String', StringValue: 'DATA' } },
    };

    // Act
    const [record] = buildLambdaSqsEvent([received], 'arn:aws:sqs:us-east-1:000000000000:invalid-invoices').Records;

    // Assess: md5OfMessageAttributes is in AWS's record type (aws-lambda's SQSRecord) when the message has attributes
    expect(Object.keys(record ?? {}).sort()).toEqual([...Object.keys(awsRecord ?? {}), 'md5OfMessageAttributes'].sort());
    expect(Object.keys(record?.attributes ?? {}).sort()).toEqual(Object.keys((savedAwsEvent<SQSEvent>('sqs-event').Records[1] as SQSEvent['Records'][number]).attributes).sort());
    expect(record).toMatchObject({ eventSource: 'aws:sqs', eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:invalid-invoices', awsRegion: 'us-east-1' });
  });
});
