/**
 * The local Kafka trigger against the real broker: it delivers MSK-shaped events, a failing
 * handler gets the same batch again while no offset moves past it, a partial batch response
 * commits what was settled, and after the retry limit AWS's failure envelope reaches the
 * on-failure topic. Each test has its own topic and consumer group.
 */
import { Kafka, logLevel, type Admin, type Producer } from 'kafkajs';
import { kafkaBatchResponse } from '../../lib/adapters/kafka/kafka-batch-response';
import { kafkaFailureEnvelopeSchema } from '../../lib/adapters/kafka/kafka-failure-envelope';
import { decodeLambdaKafkaEvent } from '../../lib/adapters/kafka/lambda-kafka-event';
import { KafkaTriggerMember } from '../../localstack/offline-kafka-trigger/kafka-trigger-member';
import type { LambdaKafkaEvent } from '../../localstack/offline-kafka-trigger/msk-event';
import type { TriggerSettings } from '../../localstack/offline-kafka-trigger/trigger-settings';
import { uniqueName, waitFor } from '../helpers/wait-for';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const kafka = new Kafka({ clientId: 'kafka-trigger-test', brokers, logLevel: logLevel.NOTHING });

function settingsFor(topic: string, group: string, batchSize = 10, retry: Partial<TriggerSettings> = {}): TriggerSettings {
  return {
    maximumRetryAttempts: -1,
    maximumRecordAgeInSeconds: -1,
    bisectBatchOnFunctionError: false,
    reportBatchItemFailures: true,
    ...retry,
    functionKey: 'testHandler',
    functionName: 'test-handler',
    topic,
    consumerGroup: group,
    batchSize,
    maximumBatchingWindowInSeconds: 0,
    startingPosition: 'TRIM_HORIZON',
    source: { kind: 'msk', clusterArn: 'arn:aws:kafka:us-east-1:000000000000:cluster/local/test' },
    brokers,
  };
}

async function committedOffset(admin: Admin, group: string, topic: string, partition: number): Promise<string> {
  const [topicOffsets] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
  return topicOffsets?.partitions.find((entry) => entry.partition === partition)?.offset ?? '-1';
}

describe('offline Kafka trigger', () => {
  let admin: Admin;
  let producer: Producer;
  const members: KafkaTriggerMember[] = [];

  beforeAll(async () => {
    admin = kafka.admin();
    producer = kafka.producer();
    await Promise.all([admin.connect(), producer.connect()]);
  });

  afterEach(async () => {
    await Promise.all(members.splice(0).map((member) => member.stop()));
  });

  afterAll(async () => {
    await Promise.all([admin.disconnect(), producer.disconnect()]);
  });

  it('hands the handler the event Lambda sends for MSK, with key, value and headers', async () => {
    // Prepare
    const topic = uniqueName('trigger-shape');
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1 }] });
    await producer.send({
      topic,
      messages: [{ key: 'B1/F-1', value: '{"invoiceNumber":"F-1"}', headers: { 'message-id': 'm-1', 'correlation-id': 'c-1' } }],
    });
    const events: LambdaKafkaEvent[] = [];
    const member = new KafkaTriggerMember({
      memberId: 'member-1',
      settings: settingsFor(topic, uniqueName('group')),
      invoke: async (event) => {
        events.push(event);
      },
      log: () => undefined,
    });
    members.push(member);

    // Act
    await member.start();
    const [event] = await waitFor(() => events.length > 0 && events, { what: 'the handler to be invoked' });

    // Assess
    expect(event).toMatchObject({
      eventSource: 'aws:kafka',
      eventSourceArn: 'arn:aws:kafka:us-east-1:000000000000:cluster/local/test',
      bootstrapServers: brokers.join(','),
    });
    const record = event?.records[`${topic}-0`]?.[0];
    expect(record).toMatchObject({
      topic,
      partition: 0,
      offset: 0,
      timestampType: 'CREATE_TIME',
      key: Buffer.from('B1/F-1').toString('base64'),
      value: Buffer.from('{"invoiceNumber":"F-1"}').toString('base64'),
    });
    expect(record?.headers).toEqual(
      expect.arrayContaining([{ 'message-id': [...Buffer.from('m-1')] }, { 'correlation-id': [...Buffer.from('c-1')] }]),
    );
    expect(Math.abs((record?.timestamp ?? 0) - Date.now())).toBeLessThan(60_000);
  });

  it('gives a handler that throws the same batch again and commits nothing past it until it succeeds', async () => {
    // Prepare
    const topic = uniqueName('trigger-retry');
    const group = uniqueName('group');
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1 }] });
    await producer.send({ topic, messages: ['a', 'b', 'c'].map((value) => ({ value })) });
    const deliveries: string[][] = [];
    let offsetWhileFailing = '';
    const member = new KafkaTriggerMember({
      memberId: 'member-1',
      settings: settingsFor(topic, group),
      backoff: { initialMs: 300, maxMs: 1_000 },
      invoke: async (event) => {
        deliveries.push(decodeLambdaKafkaEvent(event).map((record) => record.origin.offset));
        if (deliveries.length === 1) {
          offsetWhileFailing = await committedOffset(admin, group, topic, 0);
          throw new Error('store unavailable');
        }
      },
      log: () => undefined,
    });
    members.push(member);

    // Act
    await member.start();
    await waitFor(async () => (await committedOffset(admin, group, topic, 0)) === '3', { what: 'offset 3 to be committed' });

    // Assess
    expect(deliveries).toEqual([
      ['0', '1', '2'],
      ['0', '1', '2'],
    ]);
    expect(offsetWhileFailing).toBe('-1');
  });

  it('splits what it fetched into batches of at most batchSize and commits after each', async () => {
    // Prepare
    const topic = uniqueName('trigger-batches');
    const group = uniqueName('group');
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1 }] });
    await producer.send({ topic, messages: Array.from({ length: 7 }, (_, index) => ({ value: String(index) })) });
    const sizes: number[] = [];
    const member = new KafkaTriggerMember({
      memberId: 'member-1',
      settings: settingsFor(topic, group, 3),
      invoke: async (event) => {
        sizes.push(decodeLambdaKafkaEvent(event).length);
      },
      log: () => undefined,
    });
    members.push(member);

    // Act
    await member.start();
    await waitFor(async () => (await committedOffset(admin, group, topic, 0)) === '7', { what: 'offset 7 to be committed' });

    // Assess
    expect(sizes.every((size) => size <= 3)).toBe(true);
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(7);
  });

  it('commits the records before the lowest one the handler reports failed, and delivers again from it', async () => {
    // Prepare
    const topic = uniqueName('trigger-partial');
    const group = uniqueName('group');
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1 }] });
    await producer.send({ topic, messages: ['a', 'b', 'c', 'd'].map((value) => ({ value })) });
    const deliveries: string[][] = [];
    let offsetAfterPartial = '';
    const member = new KafkaTriggerMember({
      memberId: 'member-1',
      settings: settingsFor(topic, group),
      backoff: { initialMs: 100, maxMs: 200 },
      invoke: async (event) => {
        const records = decodeLambdaKafkaEvent(event);
        deliveries.push(records.map((record) => record.origin.offset));
        if (deliveries.length === 2) offsetAfterPartial = await committedOffset(admin, group, topic, 0);
        return deliveries.length === 1 ? kafkaBatchResponse(records.filter((record) => record.origin.offset === '2').map((record) => record.origin)) : { batchItemFailures: [] };
      },
      log: () => undefined,
    });
    members.push(member);

    // Act
    await member.start();
    await waitFor(async () => (await committedOffset(admin, group, topic, 0)) === '4', { what: 'offset 4 to be committed' });

    // Assess
    expect(deliveries).toEqual([
      ['0', '1', '2', '3'],
      ['2', '3'],
    ]);
    expect(offsetAfterPartial).toBe('2');
  });

  it('after the retry limit writes AWS\'s failure envelope to the on-failure topic, keyed as the record, and moves on', async () => {
    // Prepare
    const topic = uniqueName('trigger-failover');
    const failedTopic = `${topic}.failed`;
    const group = uniqueName('group');
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1 }, { topic: failedTopic, numPartitions: 1 }] });
    await producer.send({ topic, messages: [{ key: 'k-1', value: Buffer.from([0xff, 0x00, 0x7b]), headers: { 'message-id': 'm-1' } }] });
    let attempts = 0;
    const member = new KafkaTriggerMember({
      memberId: 'member-1',
      settings: settingsFor(topic, group, 10, { maximumRetryAttempts: 2, onFailureTopic: failedTopic }),
      backoff: { initialMs: 100, maxMs: 200 },
      invoke: async () => {
        attempts += 1;
        throw new Error('store unavailable');
      },
      log: () => undefined,
    });
    members.push(member);

    // Act
    await member.start();
    await waitFor(async () => (await committedOffset(admin, group, topic, 0)) === '1', { what: 'the offset to move past the failed batch' });

    // Assess
    expect(attempts).toBe(3);
    const reader = kafka.consumer({ groupId: uniqueName('reader') });
    try {
      await reader.connect();
      await reader.subscribe({ topic: failedTopic, fromBeginning: true });
      const copied = await new Promise<{ key: string; value: string }>((resolve) => {
        void reader.run({
          eachMessage: async ({ message }) => resolve({ key: String(message.key), value: String(message.value) }),
        });
      });
      expect(copied.key).toBe('k-1');
      const envelope = kafkaFailureEnvelopeSchema.parse(JSON.parse(copied.value));
      expect(envelope.requestContext).toMatchObject({ condition: 'RetriesExhausted', approximateInvokeCount: 3 });
      expect(envelope.responseContext).toMatchObject({ functionError: 'Unhandled' });
      const [original] = decodeLambdaKafkaEvent(envelope.payload);
      expect(original).toMatchObject({ origin: { topic, partition: 0, offset: '0' }, headers: { 'message-id': 'm-1' } });
      expect(original?.key?.toString()).toBe('k-1');
      expect(original?.payload?.equals(Buffer.from([0xff, 0x00, 0x7b]))).toBe(true);
    } finally {
      await reader.disconnect();
    }
  });

  it('splits a batch the handler keeps failing on, so a poison record goes to the destination and its batch-mates are committed', async () => {
    // Prepare
    const topic = uniqueName('trigger-bisect');
    const failedTopic = `${topic}.failed`;
    const group = uniqueName('group');
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1 }, { topic: failedTopic, numPartitions: 1 }] });
    await producer.send({ topic, messages: ['a', 'b', 'poison', 'd'].map((value) => ({ value })) });
    const invoked: string[][] = [];
    const member = new KafkaTriggerMember({
      memberId: 'member-1',
      settings: settingsFor(topic, group, 10, { maximumRetryAttempts: 3, bisectBatchOnFunctionError: true, onFailureTopic: failedTopic }),
      backoff: { initialMs: 50, maxMs: 100 },
      invoke: async (event) => {
        const records = decodeLambdaKafkaEvent(event);
        invoked.push(records.map((record) => record.payload?.toString() ?? ''));
        if (records.some((record) => record.payload?.toString() === 'poison')) throw new Error('cannot handle this one');
      },
      log: () => undefined,
    });
    members.push(member);

    // Act
    await member.start();
    await waitFor(async () => (await committedOffset(admin, group, topic, 0)) === '4', { what: 'offset 4 to be committed' });

    // Assess
    expect(invoked).toEqual([['a', 'b', 'poison', 'd'], ['a', 'b'], ['poison', 'd'], ['poison'], ['poison'], ['d']]);
    const offsets = await admin.fetchTopicOffsets(failedTopic);
    expect(offsets[0]?.high).toBe('1');
  });
});
