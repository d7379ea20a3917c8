/**
 * Counts where every sent message ended, straight from the stores: an outcome in
 * InvoiceMessages, and the place that outcome promises (the Invoices item, or the
 * InvalidInvoices entry). Lost = accepted but in no place by the deadline; duplicated = a
 * second place or a second notification for one message, or a second stored invoice.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DeleteMessageBatchCommand, GetQueueUrlCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { INFRASTRUCTURE } from '../lib/infrastructure';

export interface SentMessage {
  messageId: string;
  identity?: string;
  /** What was posted, and where the API said it went (for the PROCESSING_FAILED check). */
  body?: string;
  partition?: number;
  offset?: string;
}

export interface AuditResult {
  sent: number;
  stored: number;
  duplicates: number;
  quarantined: number;
  processingFailed: number;
  lost: number;
  duplicated: number;
  lostIds: string[];
  /** Up to 20 duplicated message ids, each with how: `stored+quarantined` or `notified xN`. */
  duplicatedIds?: string[];
}

const { tables, queues, kafka } = INFRASTRUCTURE;
const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({ maxAttempts: 10 }));
const sqs = new SQSClient({});

/** Every item of these keys, 100 keys to a request, asking again for what DynamoDB left unprocessed. */
export async function batchGet(tableName: string, keys: Record<string, string>[]): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for (let start = 0; start < keys.length; start += 100) {
    let pending: Record<string, unknown>[] | undefined = keys.slice(start, start + 100);
    while (pending && pending.length > 0) {
      const answer: { Responses?: Record<string, Record<string, unknown>[]>; UnprocessedKeys?: Record<string, { Keys?: Record<string, unknown>[] }> } = await dynamo.send(
        new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } } }),
      );
      items.push(...(answer.Responses?.[tableName] ?? []));
      pending = answer.UnprocessedKeys?.[tableName]?.Keys;
    }
  }
  return items;
}

/** Counts notification items per message id, draining the admin inbox into the given map. */
export async function drainNotifications(counts: Map<string, number>): Promise<void> {
  const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: queues.adminAlertsInbox }));
  for (;;) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
    if (Messages.length === 0) return;
    for (const message of Messages) {
      const envelope = JSON.parse(message.Body ?? '{}') as { Message?: string };
      const body = JSON.parse(envelope.Message ?? '{}') as { items?: Array<{ messageId: string }> };
      for (const item of body.items ?? []) counts.set(item.messageId, (counts.get(item.messageId) ?? 0) + 1);
    }
    await sqs.send(new DeleteMessageBatchCommand({ QueueUrl, Entries: Messages.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle })) }));
  }
}

/**
 * Waits until every message is in its place or the deadline passes, then counts.
 *
 * @example
 * const result = await auditRun(sent, notifications, { timeoutMs: 120_000 });
 */
export async function auditRun(sent: SentMessage[], notifications: Map<string, number>, options: { timeoutMs: number }): Promise<AuditResult> {
  const deadline = Date.now() + options.timeoutMs;
  let placed = new Map<string, string>();
  for (;;) {
    placed = await placesOf(sent);
    await drainNotifications(notifications);
    if (placed.size === sent.length || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  // Notifications trail the quarantine by a batch: give them a moment once everything is placed.
  await new Promise((resolve) => setTimeout(resolve, 2000));
  await drainNotifications(notifications);

  const statuses = [...placed.values()];
  const quarantinedIds = sent.filter((message) => placed.get(message.messageId)?.startsWith('INVALID')).map((message) => message.messageId);
  const identities = [...new Set(sent.map((message) => message.identity).filter((identity): identity is string => Boolean(identity)))];
  const storedIdentities = await batchGet(
    tables.invoices.TableName,
    identities.map((identity) => {
      const [issuerTaxId, ...number] = identity.split('/');
      return { issuerTaxId: issuerTaxId as string, invoiceNumber: number.join('/') };
    }),
  );
  const storedByMessage = new Set(storedIdentities.map((item) => item.messageId as string));
  const doublePlacedIds = quarantinedIds.filter((messageId) => storedByMessage.has(messageId));
  const doubleNotifiedIds = quarantinedIds.filter((messageId) => (notifications.get(messageId) ?? 0) > 1);
  const doublePlaced = doublePlacedIds.length;
  const doubleNotified = doubleNotifiedIds.length;
  const lostIds = sent.filter((message) => !placed.has(message.messageId)).map((message) => message.messageId);
  return {
    sent: sent.length,
    stored: statuses.filter((status) => status === 'STORED').length,
    duplicates: statuses.filter((status) => status === 'DUPLICATE').length,
    quarantined: quarantinedIds.length,
    processingFailed: statuses.filter((status) => status === 'INVALID:PROCESSING_FAILED').length,
    lost: lostIds.length,
    duplicated: doublePlaced + doubleNotified,
    lostIds: lostIds.slice(0, 20),
    duplicatedIds: [
      ...doublePlacedIds.map((messageId) => `${messageId} stored+quarantined`),
      ...doubleNotifiedIds.map((messageId) => `${messageId} notified x${notifications.get(messageId) ?? 0}`),
    ].slice(0, 20),
  };
}

/** Message id -> outcome, for the messages that reached the place their outcome promises. */
async function placesOf(sent: SentMessage[]): Promise<Map<string, string>> {
  const outcomes = await batchGet(tables.messages.TableName, sent.map((message) => ({ messageId: message.messageId })));
  const decided = [...outcomes.filter((item) => item.status !== 'ACCEPTED'), ...(await storedWithoutRow(outcomes.filter((item) => item.status === 'ACCEPTED')))];
  const invalidIds = decided.filter((item) => item.status === 'INVALID').map((item) => item.messageId as string);
  const quarantined = new Set((await batchGet(tables.invalidInvoices.TableName, invalidIds.map((messageId) => ({ messageId })))).map((item) => item.messageId as string));
  const places = new Map<string, string>();
  for (const item of decided) {
    const messageId = item.messageId as string;
    if (item.status !== 'INVALID') places.set(messageId, item.status as string);
    else if (quarantined.has(messageId)) {
      const processing = (item.reasons as Array<{ code: string }> | undefined)?.some((reason) => reason.code === 'PROCESSING_FAILED');
      places.set(messageId, processing ? 'INVALID:PROCESSING_FAILED' : 'INVALID');
    }
  }
  return places;
}

/**
 * The ACCEPTED entries whose invoice names them, as STORED: the validator writes no STORED row
 * for a message whose ACCEPTED entry names its invoice (lib/use-cases/message-outcome.ts).
 */
async function storedWithoutRow(accepted: Record<string, unknown>[]): Promise<Record<string, unknown>[]> {
  const named = accepted.filter((item) => item.invoice !== undefined);
  const keys = [...new Map(named.map((item) => {
    const { issuerTaxId, invoiceNumber } = item.invoice as { issuerTaxId: string; invoiceNumber: string };
    return [`${issuerTaxId}/${invoiceNumber}`, { issuerTaxId, invoiceNumber }];
  })).values()];
  const storedBy = new Set((await batchGet(tables.invoices.TableName, keys)).map((invoice) => invoice.messageId));
  return named.filter((item) => storedBy.has(item.messageId)).map((item) => ({ ...item, status: 'STORED' }));
}

/**
 * Holds every PROCESSING_FAILED entry of these messages against what was sent: its own
 * message id, the payload byte-exact, and the coordinates the API answered with (the topic,
 * partition and offset on Kafka; the queue on RabbitMQ).
 * Returns how many were checked and what was wrong with the others.
 */
export async function checkProcessingFailed(sent: SentMessage[], sourceTopic: string = kafka.topic): Promise<{ checked: number; wrong: string[] }> {
  const bySentId = new Map(sent.map((message) => [message.messageId, message]));
  const entries = await batchGet(tables.invalidInvoices.TableName, sent.map((message) => ({ messageId: message.messageId })));
  const failed = entries.filter((entry) => (entry.codes as string[] | undefined)?.includes('PROCESSING_FAILED'));
  const wrong: string[] = [];
  for (const entry of failed) {
    const message = bySentId.get(entry.messageId as string);
    const source = entry.source as { topic?: string; partition?: number; offset?: string } | undefined;
    const problems = [
      message?.body !== undefined && entry.payload !== message.body ? 'payload differs' : undefined,
      source?.topic !== sourceTopic ? `source topic ${source?.topic}` : undefined,
      message?.partition !== undefined && source?.partition !== message.partition ? `partition ${source?.partition} (sent to ${message.partition})` : undefined,
      message?.offset !== undefined && source?.offset !== message.offset ? `offset ${source?.offset} (sent to ${message.offset})` : undefined,
    ].filter(Boolean);
    if (problems.length > 0) wrong.push(`${entry.messageId as string}: ${problems.join(', ')}`);
  }
  return { checked: failed.length, wrong };
}
