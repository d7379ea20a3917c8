/**
 * The design the pipeline is measured against, as seed 001 describes it: one plain Kafka
 * consumer that validates each message on its own and moves the failures to another channel.
 * - a kafkajs `eachMessage` consumer in group `invoice-baseline`, one message at a time;
 * - the same `validateInvoice` as the pipeline;
 * - a conditional `PutItem` per valid invoice (a second one of the same identity is refused,
 *   and goes to the failure channel);
 * - a `SendMessage` per invalid one, with its reasons.
 * No message log, no quarantine, no notification, no batching: what a team writes first.
 * Offsets are committed by kafkajs after each message returns (autoCommit).
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Kafka, logLevel } from 'kafkajs';
import { decodeInvoicePayload } from '../../lib/domain/decode-invoice-payload';
import { validateInvoice } from '../../lib/domain/validate-invoice';

export const BASELINE_GROUP = 'invoice-baseline';

export interface BaselineTargets {
  brokers: string[];
  topic: string;
  tableName: string;
  queueUrl: string;
  documents: DynamoDBDocumentClient;
  sqs: SQSClient;
  maxPayloadBytes: number;
}

export interface BaselineCounts {
  valid: number;
  invalid: number;
}

/** Consumes until `total` messages are handled; resolves with the counts and the ms from the first message to the last. */
export async function runBaselineConsumer(targets: BaselineTargets, total: number): Promise<BaselineCounts & { ms: number }> {
  const kafka = new Kafka({ clientId: 'invoice-baseline', brokers: targets.brokers, logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: BASELINE_GROUP });
  const counts: BaselineCounts = { valid: 0, invalid: 0 };
  let firstAt: number | undefined;
  let lastAt = 0;
  let resolveDone: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    resolveDone = resolve;
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: targets.topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        firstAt ??= performance.now();
        const failure = await handle(targets, message.value ?? Buffer.alloc(0), message.timestamp);
        if (failure) {
          await targets.sqs.send(new SendMessageCommand({ QueueUrl: targets.queueUrl, MessageBody: JSON.stringify({ reasons: failure, payload: (message.value ?? Buffer.alloc(0)).toString('base64') }) }));
          counts.invalid += 1;
        } else counts.valid += 1;
        lastAt = performance.now();
        if (counts.valid + counts.invalid >= total) resolveDone();
      },
    });
    await done;
  } finally {
    await consumer.disconnect();
  }
  return { ...counts, ms: lastAt - (firstAt ?? lastAt) };
}

/** Undefined when the invoice was stored; otherwise why it goes to the failure channel. */
async function handle(targets: BaselineTargets, value: Buffer, timestamp: string): Promise<unknown[] | undefined> {
  const decoded = decodeInvoicePayload(value, targets.maxPayloadBytes);
  if (!decoded.ok) return decoded.reasons;
  const validation = validateInvoice(decoded.document, { submittedAt: new Date(Number(timestamp)) });
  if (!validation.valid) return validation.reasons;
  try {
    await targets.documents.send(
      new PutCommand({
        TableName: targets.tableName,
        Item: { ...validation.identity, payload: decoded.text, storedAt: new Date().toISOString() },
        ConditionExpression: 'attribute_not_exists(issuerTaxId)',
      }),
    );
    return undefined;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return [{ code: 'DUPLICATE', message: 'already stored' }];
    throw error;
  }
}
