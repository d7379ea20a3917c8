/**
 * One SQS poller that triggers a Lambda handler the way an SQS event source mapping does:
 * it long-polls the queue, gathers up to `batchSize` messages within the batching window,
 * invokes the handler with the Lambda SQS event and deletes what the handler accepted.
 * Nothing else removes a message: what is not deleted becomes visible again after the
 * queue's visibility timeout, and the queue's own redrive policy moves it to the DLQ.
 * Any SQS or invoke error is logged and retried with backoff; the poller keeps running.
 */
import {
  ChangeMessageVisibilityBatchCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SQSClient,
  type Message,
} from '@aws-sdk/client-sqs';
import { deleteMessageBatches } from './delete-message-batches';
import { decideDeletions, type DeleteDecision } from './batch-outcome';
import type { SQSEvent } from 'aws-lambda';
import { invocationResult, type InvokeFunction } from '../offline-lambda-invoker';
import { buildLambdaSqsEvent } from './sqs-event';
import type { SqsTriggerSettings } from './sqs-trigger-settings';
import { messageOf } from './error-message';

type SqsInvokeHandler = InvokeFunction<SQSEvent>;

export interface SqsTriggerLogLine {
  trigger: 'sqs';
  function: string;
  queue: string;
  [field: string]: unknown;
}

export interface SqsPollerOptions {
  settings: SqsTriggerSettings;
  invoke: SqsInvokeHandler;
  log: (line: SqsTriggerLogLine) => void;
  /** Defaults to `new SQSClient({})`: endpoint, region and credentials come from the environment. */
  sqs?: SQSClient;
  backoff?: { initialMs: number; maxMs: number };
  /** Long-poll wait of an idle receive, at most 20 (the SQS limit). */
  waitTimeSeconds?: number;
}

interface ResolvedQueue {
  url: string;
  arn: string;
}

const DEFAULT_BACKOFF = { initialMs: 500, maxMs: 20_000 };
const MAX_WAIT_TIME_SECONDS = 20;
const MAX_RECEIVE = 10;
const DELETE_ATTEMPTS = 5;

export class SqsTriggerPoller {
  private readonly sqs: SQSClient;
  private readonly backoff: { initialMs: number; maxMs: number };
  private readonly waitTimeSeconds: number;
  private readonly abort = new AbortController();
  private queue: ResolvedQueue | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly options: SqsPollerOptions) {
    this.sqs = options.sqs ?? new SQSClient({});
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.waitTimeSeconds = Math.min(options.waitTimeSeconds ?? MAX_WAIT_TIME_SECONDS, MAX_WAIT_TIME_SECONDS);
  }

  /** Starts polling in the background; a queue that does not exist yet is looked up again with backoff. */
  start(): void {
    this.running ??= this.pollUntilStopped();
  }

  /** Ends the current long poll at once and resolves after an invocation under way has finished. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
  }

  private get stopping(): boolean {
    return this.abort.signal.aborted;
  }

  private async pollUntilStopped(): Promise<void> {
    let failures = 0;
    while (!this.stopping) {
      try {
        const queue = await this.resolveQueue();
        const messages = await this.receiveBatch(queue.url);
        if (messages.length === 0) continue;
        // Received but not delivered on shutdown: handed back at once, not after the visibility timeout.
        if (this.stopping) {
          await this.release(queue.url, messages);
          continue;
        }
        const decision = await this.deliver(queue, messages);
        failures = decision.outcome === 'error' ? failures + 1 : 0;
        if (failures > 0) await this.pause(this.delayAfter(failures));
      } catch (error) {
        if (this.stopping) break;
        // The queue may have been deleted and created again: look its URL up afresh.
        this.queue = undefined;
        failures += 1;
        const retryInMs = this.delayAfter(failures);
        this.log({ event: 'retry', error: messageOf(error), retryInMs });
        await this.pause(retryInMs);
      }
    }
  }

  private async resolveQueue(): Promise<ResolvedQueue> {
    if (this.queue) return this.queue;
    const { queueName } = this.options.settings;
    const { QueueUrl: url } = await this.sqs.send(new GetQueueUrlCommand({ QueueName: queueName }));
    if (!url) throw new Error(`SQS did not return a URL for ${queueName}`);
    const { Attributes } = await this.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
    if (!Attributes?.QueueArn) throw new Error(`SQS did not return the ARN of ${queueName}`);
    this.queue = { url, arn: Attributes.QueueArn };
    return this.queue;
  }

  /** Makes messages this poller will not deliver visible again now (best effort: else the visibility timeout does it). */
  private async release(queueUrl: string, messages: Message[]): Promise<void> {
    for (let start = 0; start < messages.length; start += 10) {
      const entries = messages.slice(start, start + 10).map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle ?? '', VisibilityTimeout: 0 }));
      await this.sqs.send(new ChangeMessageVisibilityBatchCommand({ QueueUrl: queueUrl, Entries: entries })).catch(() => undefined);
    }
  }

  /** Waits for a first message, then keeps receiving until the batch is full or the batching window has passed. */
  private async receiveBatch(queueUrl: string): Promise<Message[]> {
    const { batchSize, maximumBatchingWindowInSeconds } = this.options.settings;
    const first = await this.receive(queueUrl, batchSize, this.waitTimeSeconds);
    if (first.length === 0) return first;
    // A message whose visibility timeout ends within the window is received again: keyed by
    // id, the batch holds it once, with the newest receipt handle (the one that deletes it).
    const batch = new Map(first.map((message) => [message.MessageId, message]));
    const deadline = Date.now() + maximumBatchingWindowInSeconds * 1000;
    while (batch.size < batchSize && Date.now() < deadline && !this.stopping) {
      // WaitTimeSeconds is whole seconds: a window may run up to a second long, never short.
      const waitSeconds = Math.min(Math.ceil((deadline - Date.now()) / 1000), MAX_WAIT_TIME_SECONDS);
      try {
        for (const message of await this.receive(queueUrl, batchSize - batch.size, waitSeconds)) batch.set(message.MessageId, message);
      } catch {
        // Deliver what is already in hand; the next receive reports the error if it persists.
        break;
      }
    }
    return [...batch.values()];
  }

  private async receive(queueUrl: string, wanted: number, waitTimeSeconds: number): Promise<Message[]> {
    const { Messages = [] } = await this.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: Math.min(wanted, MAX_RECEIVE),
        WaitTimeSeconds: waitTimeSeconds,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
      { abortSignal: this.abort.signal },
    );
    return Messages;
  }

  private async deliver(queue: ResolvedQueue, messages: Message[]): Promise<DeleteDecision> {
    const { settings } = this.options;
    const result = await invocationResult(this.options.invoke, buildLambdaSqsEvent(messages, queue.arn));
    const ids = messages.map((message) => message.MessageId ?? '');
    const decision = decideDeletions(ids, result, settings.reportBatchItemFailures);
    const toDelete = messages.filter((message) => decision.toDelete.includes(message.MessageId ?? ''));
    await this.deleteMessages(queue.url, toDelete);
    this.log({
      count: messages.length,
      failed: decision.failed.length,
      outcome: decision.outcome,
      ...(decision.reason !== undefined && { error: decision.reason }),
    });
    return decision;
  }

  /** Deletes in chunks of ten, retrying what failed; what still fails comes back later, so nothing is lost. */
  private async deleteMessages(queueUrl: string, messages: Message[]): Promise<void> {
    let pending = messages;
    for (let attempt = 1; pending.length > 0; attempt += 1) {
      const { notDeleted, errors } = await deleteMessageBatches(this.sqs, queueUrl, pending);
      pending = notDeleted;
      if (pending.length === 0) return;
      const retryInMs = this.delayAfter(attempt);
      const willRetry = attempt < DELETE_ATTEMPTS && !this.stopping;
      this.log({ event: willRetry ? 'retry' : 'error', during: 'delete', pending: pending.length, error: errors.join('; '), ...(willRetry && { retryInMs }) });
      if (!willRetry) return;
      await this.pause(retryInMs);
    }
  }

  private delayAfter(failures: number): number {
    return Math.min(this.backoff.initialMs * 2 ** (failures - 1), this.backoff.maxMs);
  }

  /** A backoff delay that ends early when the poller stops. */
  private pause(ms: number): Promise<void> {
    const { signal } = this.abort;
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  private log(fields: Record<string, unknown>): void {
    const { settings, log } = this.options;
    log({ trigger: 'sqs', function: settings.functionKey, queue: settings.queueName, ...fields });
  }
}

