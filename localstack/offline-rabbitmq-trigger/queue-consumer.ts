/**
 * One consumer of a queue that triggers a function the way Lambda's Amazon MQ event source
 * mapping does (AWS Lambda DG "Using Lambda with Amazon MQ"): it gathers up to `batchSize`
 * messages within the batching window (and under 6 MB), invokes the function with the
 * `aws:rmq` event, and acks the whole batch when the function succeeds. When it fails, the
 * whole batch goes back to the queue (basic.nack with requeue) to be delivered again, as AWS
 * does: the mapping has no retry limit and no partial batch response, so the quorum queue's
 * delivery limit is what dead-letters a message that keeps failing. The consumer waits before
 * handing a failed batch back (1 s, doubling to 30 s) so that an outage is not a hot loop
 * that spends every message's deliveries in a second.
 *
 * The prefetch is the batch size: the broker hands this consumer no more than one batch of
 * unacked messages, so several consumers of one queue compete for its messages and a
 * message goes to one of them. When this process dies (even kill -9) the broker puts its
 * unacked messages back for the others, marked redelivered.
 */
import { connect, type Channel, type ChannelModel, type ConsumeMessage, type Options } from 'amqplib';
import { decodeLambdaRmqEvent } from '../../lib/adapters/rabbitmq/lambda-rmq-event';
import { traceOf } from '../../lib/domain/message-trace';
import { invocationResult, type InvokeFunction } from '../offline-lambda-invoker';
import { buildLambdaRmqEvent, type LambdaRmqEventOut } from './rmq-event';
import { MAX_EVENT_BYTES, type RabbitMqTriggerSettings } from './trigger-settings';

export interface RabbitMqTriggerLogLine {
  consumer: string;
  function: string;
  queue: string;
  event: string;
  [field: string]: unknown;
}

export interface RabbitMqConsumerOptions {
  consumerId: string;
  settings: RabbitMqTriggerSettings;
  connectOptions: Options.Connect;
  invoke: InvokeFunction<LambdaRmqEventOut>;
  log: (line: RabbitMqTriggerLogLine) => void;
  backoff?: { initialMs: number; maxMs: number };
  /** Name every message of each batch in the log lines (the chaos drills audit who got what). */
  logMessageIds?: boolean;
}

const DEFAULT_BACKOFF = { initialMs: 1000, maxMs: 30_000 };
const RECONNECT_DELAY_MS = 1000;

export class RabbitMqTriggerConsumer {
  private connection: ChannelModel | undefined;
  private pending: ConsumeMessage[] = [];
  private pendingBytes = 0;
  private windowTimer: NodeJS.Timeout | undefined;
  private delivering: Promise<void> = Promise.resolve();
  private failures = 0;
  private stopping = false;
  private readonly backoff: { initialMs: number; maxMs: number };

  constructor(private readonly options: RabbitMqConsumerOptions) {
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
  }

  /** Connects and consumes; resolves once consuming, and keeps reconnecting after a lost connection. */
  async start(): Promise<void> {
    while (!this.stopping) {
      try {
        await this.consume();
        return;
      } catch (error) {
        this.log('connect-failed', { error: (error as Error).message });
        await delay(RECONNECT_DELAY_MS);
      }
    }
  }

  /** Stops taking messages, lets the batch under way finish, then closes the connection. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.windowTimer);
    await this.delivering;
    await this.connection?.close().catch(() => undefined);
  }

  private async consume(): Promise<void> {
    const { settings } = this.options;
    const connection = await connect({ ...this.options.connectOptions, vhost: settings.virtualHost }, { timeout: 5000 });
    this.connection = connection;
    connection.on('error', () => undefined);
    connection.on('close', () => this.lost(connection));
    const channel = await connection.createChannel();
    channel.on('error', () => undefined);
    await channel.prefetch(settings.batchSize);
    await channel.consume(settings.queue, (message) => {
      if (message) this.take(channel, message);
    });
    this.log('consuming', { prefetch: settings.batchSize, windowSeconds: settings.maximumBatchingWindowInSeconds });
  }

  /** The broker put this connection's unacked messages back; what was gathered is dropped and a new connection opens. */
  private lost(connection: ChannelModel): void {
    if (this.connection !== connection) return;
    this.connection = undefined;
    clearTimeout(this.windowTimer);
    this.windowTimer = undefined;
    this.pending = [];
    this.pendingBytes = 0;
    if (this.stopping) return;
    this.log('connection-lost', {});
    void delay(RECONNECT_DELAY_MS).then(() => this.start());
  }

  private take(channel: Channel, message: ConsumeMessage): void {
    if (this.stopping) return;
    // What the message adds to the event: its body as base64 (4/3, rounded up) and its properties.
    const bytes = message.content.length * 1.4 + 1024;
    if (this.pending.length > 0 && this.pendingBytes + bytes > MAX_EVENT_BYTES) this.flush(channel);
    this.pending.push(message);
    this.pendingBytes += bytes;
    const { batchSize, maximumBatchingWindowInSeconds } = this.options.settings;
    if (this.pending.length >= batchSize) this.flush(channel);
    else if (!this.windowTimer) {
      // A window of 0 still gathers what arrived in the same burst (one turn of the event loop).
      this.windowTimer = setTimeout(() => this.flush(channel), maximumBatchingWindowInSeconds * 1000);
    }
  }

  private flush(channel: Channel): void {
    clearTimeout(this.windowTimer);
    this.windowTimer = undefined;
    const batch = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    if (batch.length === 0) return;
    this.delivering = this.delivering.then(() => this.deliver(channel, batch));
  }

  private async deliver(channel: Channel, batch: ConsumeMessage[]): Promise<void> {
    const { settings } = this.options;
    const event = buildLambdaRmqEvent(settings.brokerArn, settings.queue, settings.virtualHost, batch);
    const redelivered = batch.filter((message) => message.fields.redelivered).length;
    const ids = this.options.logMessageIds ? { messageIds: decodeLambdaRmqEvent(event, new Date()).map((message) => traceOf(message).messageId) } : {};
    const startedAt = Date.now();
    const result = await invocationResult(this.options.invoke, event);
    const ms = Date.now() - startedAt;
    if (result.ok) {
      this.failures = 0;
      // One ack for the batch: `multiple` acks every message up to the last one on this channel.
      const last = batch[batch.length - 1];
      if (last) tryChannel(() => channel.ack(last, true));
      this.log('invoked', { messages: batch.length, redelivered, ok: true, ms, ...ids });
      return;
    }
    this.failures += 1;
    const waitMs = Math.min(this.backoff.initialMs * 2 ** (this.failures - 1), this.backoff.maxMs);
    this.log('invoked', { messages: batch.length, redelivered, ok: false, ms, error: result.error.message.slice(0, 300), requeueInMs: waitMs, ...ids });
    await delay(waitMs);
    const last = batch[batch.length - 1];
    if (last) tryChannel(() => channel.nack(last, true, true));
  }

  private log(event: string, fields: Record<string, unknown>): void {
    this.options.log({ consumer: this.options.consumerId, function: this.options.settings.functionKey, queue: this.options.settings.queue, event, ...fields });
  }
}

/** An ack or nack on a channel that has closed throws; the broker has put those messages back already. */
function tryChannel(work: () => void): void {
  try {
    work();
  } catch {
    // The channel closed: its unacked messages are back on the queue.
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
