/**
 * Through the running system: POST /invoices on serverless-offline publishes the record
 * with its headers on `invoices`, and the Kafka-triggered validator, invoked by the local
 * trigger as group invoice-validator, takes it (its offset is committed after it succeeds).
 */
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { INFRASTRUCTURE } from '../../lib/infrastructure';
import { LOCAL_API_URL } from '../../localstack/local-env';
import { uniqueName, waitFor } from '../helpers/wait-for';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const kafka = new Kafka({ clientId: 'e2e-test', brokers, logLevel: logLevel.NOTHING });
const { topic, consumerGroup } = INFRASTRUCTURE.kafka;

interface Receipt {
  messageId: string;
  correlationId: string;
  topic: string;
  partition: number;
  offset: string;
}

describe('POST /invoices through serverless-offline and the Kafka trigger', () => {
  let admin: Admin;

  beforeAll(async () => {
    admin = kafka.admin();
    await admin.connect();
  });

  afterAll(async () => {
    await admin.disconnect();
  });

  it('answers 202, puts the record on invoices with its headers, and the validator group consumes it', async () => {
    // Prepare
    const invoice = readFileSync(path.join(__dirname, '../fixtures/valid-basic.json'));
    const correlationId = uniqueName('e2e');

    // Act
    const response = await fetch(`${LOCAL_API_URL}/invoices`, {
      method: 'POST',
      headers: { 'x-api-key': 'local-api-key', 'content-type': 'application/json', 'x-correlation-id': correlationId },
      body: invoice,
    });

    // Assess: the answer
    expect(response.status).toBe(202);
    const receipt = (await response.json()) as Receipt;
    expect(receipt).toMatchObject({ correlationId, topic });
    expect(receipt.messageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number(receipt.offset)).toBeGreaterThanOrEqual(0);

    // Assess: the record on the topic, read back at its coordinates
    const consumer = kafka.consumer({ groupId: uniqueName('e2e-reader') });
    try {
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      const seen = new Promise<{ key: string; value: Buffer; headers: Record<string, string> }>((resolve) => {
        void consumer.run({
          eachMessage: async ({ partition, message }) => {
            if (partition !== receipt.partition || message.offset !== receipt.offset) return;
            const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]));
            resolve({ key: String(message.key), value: message.value ?? Buffer.alloc(0), headers });
          },
        });
      });
      const record = await seen;
      expect(record.value.equals(invoice)).toBe(true);
      expect(record.key).toBe('B12345678/F-2026-000123');
      expect(record.headers).toMatchObject({
        'message-id': receipt.messageId,
        'correlation-id': correlationId,
        'content-type': 'application/json',
        'schema-version': '1',
        source: 'invoice-api',
        'event-type': 'InvoiceSubmitted',
      });
      expect(Date.parse(record.headers['submitted-at'] ?? '')).not.toBeNaN();
    } finally {
      await consumer.disconnect();
    }

    // Assess: the validator's group got past the record, which the trigger commits only after the handler succeeded
    await waitFor(
      async () => {
        const [offsets] = await admin.fetchOffsets({ groupId: consumerGroup, topics: [topic] });
        const committed = offsets?.partitions.find((entry) => entry.partition === receipt.partition)?.offset ?? '-1';
        return BigInt(committed) > BigInt(receipt.offset);
      },
      { timeoutMs: 60_000, what: `group ${consumerGroup} to commit past ${topic}-${receipt.partition}@${receipt.offset}` },
    );
  });
});
