/**
 * The stores' own limits: a minimal batched loop writing the bench's invoices into a
 * bench table with the key schema of Invoices (BatchWriteItem, 25 per request) and the
 * invalid ones' messages into a bench queue (SendMessageBatch, 10 per request), with a
 * fixed number of requests in flight. No validation, no conditions, no outcome rows:
 * what DynamoDB Local and LocalStack take at best, on the same endpoints.
 * Beside it, the writes the validator's guarantees need, made by the validator's own
 * adapters without Kafka, Lambda or validation: how far the stores alone let it go.
 */
import { DeleteTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, DeleteQueueCommand, SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { performance } from 'node:perf_hooks';
import { DEFAULT_INVOICE_WRITE_MODE, DynamoDbInvoiceStore, type InvoiceWriteMode } from '../../lib/adapters/dynamodb/dynamodb-invoice-store';
import { DynamoDbMessageLog } from '../../lib/adapters/dynamodb/dynamodb-message-log';
import { SqsInvalidChannel } from '../../lib/adapters/sqs/sqs-invalid-channel';
import type { InvalidInvoiceMessage } from '../../lib/domain/invalid-invoice-message';
import { INFRASTRUCTURE, type TableDefinition } from '../../lib/infrastructure';
import { createTable } from '../../localstack/provision';
import type { StoredInvoice } from '../../lib/ports/invoice-store';
import type { ValidatorWrites } from '../corpus/store-items';
import { writeAcceptedRows } from '../support/accepted-rows';
import type { Throughput } from '../report/results';
import { ratePerSecond } from '../stats';
import { chunksOf, mapLimited } from '../../lib/map-limited';

const ITEMS_PER_WRITE = 25;
const MESSAGES_PER_SEND = 10;
const MAX_ROUNDS = 8;

export interface BenchStores {
  tableName: string;
  /** A second table with the keys of InvoiceMessages, for outcome rows. */
  messagesTableName: string;
  queueName: string;
  queueUrl: string;
  remove(): Promise<void>;
}

/** Creates the bench tables (keys of Invoices and of InvoiceMessages) and queue; `remove` deletes them. */
export async function createBenchStores(dynamodb: DynamoDBClient, sqs: SQSClient, tableName: string, queueName: string): Promise<BenchStores> {
  const messagesTableName = `${tableName}-messages`;
  await Promise.all([createBenchTable(dynamodb, tableName, INFRASTRUCTURE.tables.invoices), createBenchTable(dynamodb, messagesTableName, INFRASTRUCTURE.tables.messages)]);
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: queueName }));
  if (!QueueUrl) throw new Error(`SQS did not return a URL for ${queueName}`);
  return {
    tableName,
    messagesTableName,
    queueName,
    queueUrl: QueueUrl,
    remove: async () => {
      await Promise.allSettled([
        dynamodb.send(new DeleteTableCommand({ TableName: tableName })),
        dynamodb.send(new DeleteTableCommand({ TableName: messagesTableName })),
        sqs.send(new DeleteQueueCommand({ QueueUrl })),
      ]);
    },
  };
}

/** A table defined as the real one is (keys, indexes), under a bench name. */
function createBenchTable(dynamodb: DynamoDBClient, tableName: string, definition: TableDefinition): Promise<void> {
  return createTable(dynamodb, { ...definition, TableName: tableName });
}

/**
 * The validator's writes for every invoice, `batchSize` records at a time as one invocation
 * makes them, `concurrency` batches at once: the valid invoices through the Invoices store
 * (in the given write mode), the invalid ones to the queue, then the outcomes (a stored
 * invoice's only when its ACCEPTED row, written first and untimed as the API would, does not
 * name it). Same adapters, same requests; no Kafka, no Lambda, no validation.
 */
export async function writeAsValidatorRaw(
  clients: { documents: DynamoDBDocumentClient; sqs: SQSClient },
  stores: BenchStores,
  writes: readonly ValidatorWrites[],
  batchSize: number,
  concurrency: number,
  writeMode: InvoiceWriteMode = DEFAULT_INVOICE_WRITE_MODE,
): Promise<Throughput> {
  const invoiceStore = new DynamoDbInvoiceStore(clients.documents, stores.tableName, writeMode);
  const invalidChannel = new SqsInvalidChannel(stores.queueName, clients.sqs);
  const messageLog = new DynamoDbMessageLog(clients.documents, stores.messagesTableName);
  await writeAcceptedRows(clients.documents, stores.messagesTableName, writes.map(({ outcome }) => ({ messageId: outcome.messageId, ...(outcome.invoice && outcome.status === 'STORED' ? { identity: outcome.invoice } : {}) })), new Date());
  const started = performance.now();
  await mapLimited(chunksOf(writes, batchSize), concurrency, async (batch) => {
    await invoiceStore.storeAllIfAbsent(batch.flatMap(({ invoice }): StoredInvoice[] => (invoice ? [invoice] : [])));
    await invalidChannel.send(batch.flatMap(({ invalid }): InvalidInvoiceMessage[] => (invalid ? [invalid] : [])));
    await messageLog.recordOutcomes(batch.map(({ outcome }) => outcome));
  });
  const ms = performance.now() - started;
  return { items: writes.length, ms, rate: ratePerSecond(writes.length, ms) };
}

/** BatchWriteItem of every item, `concurrency` requests in flight, unprocessed items retried. */
export async function writeItemsRaw(client: DynamoDBDocumentClient, tableName: string, items: readonly Record<string, unknown>[], concurrency: number): Promise<Throughput> {
  const started = performance.now();
  await mapLimited(chunksOf(items, ITEMS_PER_WRITE), concurrency, async (chunk) => {
    let pending = chunk.map((Item) => ({ PutRequest: { Item } }));
    for (let round = 1; pending.length > 0; round += 1) {
      if (round > MAX_ROUNDS) throw new Error(`${tableName}: ${pending.length} items stayed unprocessed`);
      const { UnprocessedItems } = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
      pending = (UnprocessedItems?.[tableName] ?? []) as typeof pending;
    }
  });
  const ms = performance.now() - started;
  return { items: items.length, ms, rate: ratePerSecond(items.length, ms) };
}

/** SendMessageBatch of every body, `concurrency` requests in flight, failed entries retried. */
export async function sendMessagesRaw(sqs: SQSClient, queueUrl: string, bodies: readonly string[], concurrency: number): Promise<Throughput> {
  const started = performance.now();
  await mapLimited(chunksOf(bodies, MESSAGES_PER_SEND), concurrency, async (chunk) => {
    let pending = chunk.map((MessageBody, index) => ({ Id: String(index), MessageBody }));
    for (let round = 1; pending.length > 0; round += 1) {
      if (round > MAX_ROUNDS) throw new Error(`SQS refused ${pending.length} messages`);
      const { Failed } = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: pending }));
      const failed = new Set((Failed ?? []).map((failure) => failure.Id));
      pending = pending.filter((entry) => failed.has(entry.Id));
    }
  });
  const ms = performance.now() - started;
  return { items: bodies.length, ms, rate: ratePerSecond(bodies.length, ms) };
}
