import type { KafkaMessage } from 'kafkajs';
import { buildLambdaKafkaEvent } from '../../../localstack/offline-kafka-trigger/msk-event';
import { decodeLambdaKafkaEvent } from '../../../lib/adapters/kafka/lambda-kafka-event';

function message(offset: string, value: Buffer | null, key: Buffer | null = null, headers: KafkaMessage['headers'] = {}): KafkaMessage {
  return { offset, value, key, headers, timestamp: '1763600000000', attributes: 0 };
}

describe('buildLambdaKafkaEvent', () => {
  it('builds the MSK event Lambda sends: records keyed topic-partition, base64 key and value, byte-array headers', () => {
    // Prepare
    const messages = [message('41', Buffer.from('{"a":1}'), Buffer.from('B1/F-1'), { 'message-id': Buffer.from('m-1') })];

    // Act
    const event = buildLambdaKafkaEvent({ kind: 'msk', clusterArn: 'arn:aws:kafka:us-east-1:1:cluster/c/x' }, '127.0.0.1:9092', [
      { topic: 'invoices', partition: 3, messages },
    ]);

    // Assess
    expect(event).toEqual({
      eventSource: 'aws:kafka',
      eventSourceArn: 'arn:aws:kafka:us-east-1:1:cluster/c/x',
      bootstrapServers: '127.0.0.1:9092',
      records: {
        'invoices-3': [
          {
            topic: 'invoices',
            partition: 3,
            offset: 41,
            timestamp: 1763600000000,
            timestampType: 'CREATE_TIME',
            key: Buffer.from('B1/F-1').toString('base64'),
            value: Buffer.from('{"a":1}').toString('base64'),
            headers: [{ 'message-id': [...Buffer.from('m-1')] }],
          },
        ],
      },
    });
  });

  it('marks self-managed Kafka as SelfManagedKafka without a cluster ARN', () => {
    const event = buildLambdaKafkaEvent({ kind: 'self-managed' }, 'b1:9092', [{ topic: 't', partition: 0, messages: [] }]);

    expect(event.eventSource).toBe('SelfManagedKafka');
    expect(event).not.toHaveProperty('eventSourceArn');
  });

  it('leaves out key and value when the record has none, and repeats a header given several values', () => {
    const event = buildLambdaKafkaEvent({ kind: 'self-managed' }, 'b1:9092', [
      { topic: 't', partition: 0, messages: [message('0', null, null, { h: [Buffer.from('a'), Buffer.from('b')] })] },
    ]);

    const [record] = event.records['t-0'] ?? [];
    expect(record).not.toHaveProperty('key');
    expect(record).not.toHaveProperty('value');
    expect(record?.headers).toEqual([{ h: [97] }, { h: [98] }]);
  });

  it('round-trips through the validator decoder byte for byte, invalid UTF-8 included', () => {
    // Prepare
    const notUtf8 = Buffer.from([0xff, 0xfe, 0x7b]);
    const event = buildLambdaKafkaEvent({ kind: 'msk', clusterArn: 'arn' }, 'b', [
      { topic: 'invoices', partition: 1, messages: [message('7', notUtf8, Buffer.from('k'), { 'correlation-id': Buffer.from('c-1') })] },
    ]);

    // Act
    const [decoded] = decodeLambdaKafkaEvent(JSON.parse(JSON.stringify(event)));

    // Assess
    expect(decoded?.payload?.equals(notUtf8)).toBe(true);
    expect(decoded).toMatchObject({ origin: { topic: 'invoices', partition: 1, offset: '7' }, fallbackId: 'invoices-1-7', headers: { 'correlation-id': 'c-1' } });
    expect(decoded?.timestamp.toISOString()).toBe(new Date(1763600000000).toISOString());
  });
});
