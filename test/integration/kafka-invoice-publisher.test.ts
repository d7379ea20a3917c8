/**
 * The submit handler's publisher against the real broker: many publishes at once share
 * produce requests, and every caller still gets the partition and offset of its own record.
 * Each test has its own topic.
 */
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { KafkaInvoicePublisher } from '../../lib/adapters/kafka/kafka-invoice-publisher';
import { PublisherUnavailableError } from '../../lib/errors';
import type { OutgoingInvoiceRecord, PublishReceipt } from '../../lib/ports/invoice-publisher';
import { uniqueName, waitFor } from '../helpers/wait-for';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const kafka = new Kafka({ clientId: 'kafka-publisher-test', brokers, logLevel: logLevel.NOTHING });

function recordFor(index: number): OutgoingInvoiceRecord {
  return { key: `ISSUER-${index % 17}`, value: Buffer.from(JSON.stringify({ index })), headers: { 'message-id': `m-${index}` } };
}

/** Reads the whole topic back: message-id header by "partition@offset". */
async function messageIdsByPosition(topic: string, expected: number): Promise<Map<string, string>> {
  const positions = new Map<string, string>();
  const consumer = kafka.consumer({ groupId: uniqueName('publisher-test-reader') });
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        positions.set(`${partition}@${message.offset}`, message.headers?.['message-id']?.toString() ?? '');
      },
    });
    await waitFor(() => positions.size >= expected, { what: `${expected} records on ${topic}` });
  } finally {
    await consumer.disconnect();
  }
  return positions;
}

describe('KafkaInvoicePublisher', () => {
  let admin: Admin;
  const publishers: KafkaInvoicePublisher[] = [];

  function publisherFor(topic: string, options: { brokers?: string[]; publishTimeoutMs?: number } = {}): KafkaInvoicePublisher {
    const publisher = new KafkaInvoicePublisher({
      brokers: options.brokers ?? brokers,
      clientId: 'publisher-test',
      topic,
      publishTimeoutMs: options.publishTimeoutMs ?? 10_000,
      auth: { mechanism: 'none', ssl: false },
    });
    publishers.push(publisher);
    return publisher;
  }

  beforeAll(async () => {
    admin = kafka.admin();
    await admin.connect();
  });

  afterEach(async () => {
    await Promise.all(publishers.splice(0).map((publisher) => publisher.disconnect()));
  });

  afterAll(async () => {
    await admin.disconnect();
  });

  it('gives each of 500 concurrent publishes the partition and offset of its own record', async () => {
    // Prepare
    const topic = uniqueName('publisher-concurrent');
    await admin.createTopics({ topics: [{ topic, numPartitions: 6 }], waitForLeaders: true });
    const publisher = publisherFor(topic);
    const singles = Array.from({ length: 400 }, (_, index) => recordFor(index));
    const groups = Array.from({ length: 10 }, (_, group) => Array.from({ length: 10 }, (_, item) => recordFor(400 + group * 10 + item)));

    // Act
    const receipts = await Promise.all([
      ...singles.map(async (record) => [[record, await publisher.publish(record)]] as const),
      ...groups.map(async (records) => {
        const groupReceipts = await publisher.publishMany(records);
        return records.map((record, index) => [record, groupReceipts[index] as PublishReceipt] as const);
      }),
    ]);

    // Assess
    const positions = await messageIdsByPosition(topic, 500);
    const pairs = receipts.flat();
    expect(pairs).toHaveLength(500);
    expect(new Set(pairs.map(([, receipt]) => `${receipt.partition}@${receipt.offset}`)).size).toBe(500);
    for (const [record, receipt] of pairs) {
      expect(receipt.topic).toBe(topic);
      expect(positions.get(`${receipt.partition}@${receipt.offset}`)).toBe(record.headers['message-id']);
    }
  });

  it('answers PublisherUnavailableError within its timeout when no broker listens', async () => {
    // Prepare
    const publisher = publisherFor(uniqueName('publisher-down'), { brokers: ['127.0.0.1:1'], publishTimeoutMs: 1_500 });

    // Act
    const outcomes = await Promise.allSettled([publisher.publish(recordFor(1)), publisher.publishMany([recordFor(2), recordFor(3)])]);

    // Assess
    for (const outcome of outcomes) {
      expect(outcome.status).toBe('rejected');
      expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(PublisherUnavailableError);
    }
    // The test's own limit: the callers must not wait for the client library's retries to run out.
  }, 20_000);
});
