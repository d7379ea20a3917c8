/**
 * LocalStack's free edition keeps nothing across a restart (persistence is a Pro feature), so
 * the local stack carries the queues' messages over itself: on stop, after the consumers have
 * stopped and their in-flight messages are back, every message of each queue is written to
 * .local/carry-over/<queue>.json; on the next start, once the queues exist again, they are
 * sent back and the files removed. Nothing is lost; a message may come back with a new id.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  DeleteMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { z } from 'zod';

const carriedSchema = z.array(z.object({ body: z.string(), attributes: z.record(z.string(), z.object({ DataType: z.string(), StringValue: z.string().optional() })) }));
type Carried = z.infer<typeof carriedSchema>;

export interface CarryOverOptions {
  dir: string;
  log: (line: string) => void;
  /** How long to wait for messages a consumer still holds to become visible again. */
  inFlightWaitMs?: number;
}

/** Writes out, then takes, every message of the queues; returns how many were kept per queue. */
export async function saveQueues(queueNames: readonly string[], options: CarryOverOptions): Promise<Record<string, number>> {
  const sqs = new SQSClient({});
  const saved: Record<string, number> = {};
  for (const name of queueNames) {
    const url = await queueUrl(sqs, name);
    if (!url) continue;
    await waitForInFlight(sqs, url, name, options);
    const { messages, receipts } = await receiveAll(sqs, url);
    if (messages.length === 0) continue;
    mkdirSync(options.dir, { recursive: true });
    // Written before they leave the queue: a crash in between leaves them in both, never in neither.
    writeFileSync(path.join(options.dir, `${name}.json`), JSON.stringify(messages));
    await deleteAll(sqs, url, receipts);
    saved[name] = messages.length;
    options.log(`kept ${messages.length} message(s) of ${name} for the next start (${path.join(options.dir, `${name}.json`)})`);
  }
  return saved;
}

/** Sends back what a previous stop carried over, then removes its files. */
export async function restoreQueues(options: CarryOverOptions): Promise<Record<string, number>> {
  if (!existsSync(options.dir)) return {};
  const sqs = new SQSClient({});
  const restored: Record<string, number> = {};
  for (const file of readdirSync(options.dir).filter((name) => name.endsWith('.json'))) {
    const name = file.slice(0, -'.json'.length);
    const url = await queueUrl(sqs, name);
    if (!url) {
      options.log(`carried-over messages of ${name} kept in ${path.join(options.dir, file)}: the queue no longer exists`);
      continue;
    }
    const messages = carriedSchema.parse(JSON.parse(readFileSync(path.join(options.dir, file), 'utf8')));
    for (let start = 0; start < messages.length; start += 10) {
      const entries = messages.slice(start, start + 10).map((message, index) => ({
        Id: String(index),
        MessageBody: message.body,
        ...(Object.keys(message.attributes).length > 0 ? { MessageAttributes: message.attributes } : {}),
      }));
      const { Failed = [] } = await sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: entries }));
      if (Failed.length > 0) throw new Error(`could not put back ${Failed.length} message(s) of ${name}: ${Failed[0]?.Message ?? ''}; they are still in ${file}`);
    }
    rmSync(path.join(options.dir, file));
    restored[name] = messages.length;
    options.log(`put back ${messages.length} message(s) of ${name} kept at the last stop`);
  }
  return restored;
}

async function queueUrl(sqs: SQSClient, name: string): Promise<string | undefined> {
  try {
    return (await sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl;
  } catch {
    return undefined;
  }
}

async function waitForInFlight(sqs: SQSClient, url: string, name: string, options: CarryOverOptions): Promise<void> {
  const deadline = Date.now() + (options.inFlightWaitMs ?? 65_000);
  let told = false;
  for (;;) {
    const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessagesNotVisible'] }));
    const inFlight = Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0);
    if (inFlight === 0 || Date.now() > deadline) return;
    if (!told) options.log(`waiting for ${inFlight} message(s) of ${name} a consumer still held to come back...`);
    told = true;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/** Every message of the queue, hidden from other consumers while they are written out. */
async function receiveAll(sqs: SQSClient, url: string): Promise<{ messages: Carried; receipts: string[] }> {
  const messages: Carried = [];
  const receipts: string[] = [];
  for (;;) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, VisibilityTimeout: 600, WaitTimeSeconds: 0, MessageAttributeNames: ['All'] }),
    );
    if (Messages.length === 0) return { messages, receipts };
    for (const message of Messages) {
      const attributes: Carried[number]['attributes'] = {};
      for (const [key, value] of Object.entries(message.MessageAttributes ?? {})) {
        attributes[key] = { DataType: value.DataType ?? 'String', ...(value.StringValue !== undefined ? { StringValue: value.StringValue } : {}) };
      }
      messages.push({ body: message.Body ?? '', attributes });
      receipts.push(message.ReceiptHandle ?? '');
    }
  }
}

async function deleteAll(sqs: SQSClient, url: string, receipts: string[]): Promise<void> {
  for (let start = 0; start < receipts.length; start += 10) {
    const entries = receipts.slice(start, start + 10).map((handle, index) => ({ Id: String(index), ReceiptHandle: handle }));
    await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: url, Entries: entries }));
  }
}

/**
 * Waits, up to timeoutMs, until a queue's consumers have taken everything in it (nothing
 * visible, nothing in flight): what they finish need not be carried over. True when drained.
 */
export async function waitUntilDrained(queueName: string, options: { timeoutMs: number; log: (line: string) => void }): Promise<boolean> {
  const sqs = new SQSClient({});
  const url = await queueUrl(sqs, queueName);
  if (!url) return true;
  const deadline = Date.now() + options.timeoutMs;
  let told = false;
  for (;;) {
    const { Attributes = {} } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
    );
    const left = Number(Attributes.ApproximateNumberOfMessages ?? 0) + Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0);
    if (left === 0) return true;
    if (Date.now() > deadline) return false;
    if (!told) options.log(`letting the quarantine take the ${left} message(s) left in ${queueName}...`);
    told = true;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
