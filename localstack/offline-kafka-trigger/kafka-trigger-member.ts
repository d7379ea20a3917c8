/**
 * One member of a Kafka consumer group that triggers a Lambda handler the way an event
 * source mapping does: it fetches records, hands them over in batches of at most
 * `batchSize`, and commits a batch's offsets only after the handler succeeded. A failed
 * batch is retried, the same records again, with exponential backoff, for as long as
 * this member owns the partition: nothing is skipped and no offset moves past it.
 */
import { Kafka, logLevel, type Consumer, type EachBatchPayload, type KafkaMessage, type Producer } from 'kafkajs';
import { FAILED_RECORD_HEADER } from '../../lib/domain/failed-record-headers';
import { buildLambdaKafkaEvent, type LambdaKafkaEvent } from './msk-event';
import type { TriggerSettings } from './trigger-settings';

export type InvokeHandler = (event: LambdaKafkaEvent) => Promise<unknown>;

export interface TriggerLogLine {
  member: string;
  event: 'joined' | 'assigned' | 'batch' | 'retry' | 'failed-over' | 'stopped' | 'error';
  [field: string]: unknown;
}

export interface MemberOptions {
  memberId: string;
  settings: TriggerSettings;
  invoke: InvokeHandler;
  log: (line: TriggerLogLine) => void;
  backoff?: { initialMs: number; maxMs: number };
  sessionTimeoutMs?: number;
}

const DEFAULT_BACKOFF = { initialMs: 500, maxMs: 30_000 };
const HEARTBEAT_EVERY_MS = 2_000;
const AVERAGE_RECORD_BYTES = 512;

export class KafkaTriggerMember {
  private readonly consumer: Consumer;
  /** Writes batches that exhausted their retries to the on-failure topic; made when first needed. */
  private failureProducerConnection: Promise<Producer> | undefined;
  private readonly kafka: Kafka;
  private readonly backoff: { initialMs: number; maxMs: number };
  private stopping = false;

  constructor(private readonly options: MemberOptions) {
    const { settings } = options;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    const kafka = new Kafka({
      clientId: `kafka-trigger-${options.memberId}`,
      brokers: settings.brokers,
      logLevel: logLevel.NOTHING,
      retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 300, maxRetryTime: 5_000 },
    });
    this.kafka = kafka;
    const windowMs = settings.maximumBatchingWindowInSeconds * 1000;
    this.consumer = kafka.consumer({
      groupId: settings.consumerGroup,
      sessionTimeout: options.sessionTimeoutMs ?? 10_000,
      heartbeatInterval: 1_000,
      // The broker holds a fetch until about a batch worth of bytes is there or the
      // batching window ends: the same trade-off as MaximumBatchingWindowInSeconds.
      maxWaitTimeInMs: Math.max(windowMs, 100),
      minBytes: windowMs > 0 ? settings.batchSize * AVERAGE_RECORD_BYTES : 1,
      maxBytesPerPartition: 16 * 1024 * 1024,
      maxBytes: 64 * 1024 * 1024,
      retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 300, maxRetryTime: 5_000 },
    });
  }

  /** Joins the group and starts handing batches to the handler; resolves once running. */
  async start(): Promise<void> {
    const { settings, memberId, log } = this.options;
    this.consumer.on(this.consumer.events.GROUP_JOIN, ({ payload }) => {
      const partitions = payload.memberAssignment[settings.topic] ?? [];
      log({ member: memberId, event: 'assigned', topic: settings.topic, partitions: [...partitions].sort((a, b) => a - b) });
    });
    this.consumer.on(this.consumer.events.CRASH, ({ payload }) => {
      log({ member: memberId, event: 'error', error: payload.error.message, restart: payload.restart });
    });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: settings.topic, fromBeginning: settings.startingPosition === 'TRIM_HORIZON' });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 64,
      eachBatch: (payload) => this.handleFetchedBatch(payload),
    });
    log({ member: memberId, event: 'joined', group: settings.consumerGroup, topic: settings.topic });
  }

  /** Leaves the group cleanly so its partitions move to the other members at once. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.consumer.disconnect();
    await this.failureProducerConnection?.then((producer) => producer.disconnect()).catch(() => undefined);
    this.options.log({ member: this.options.memberId, event: 'stopped' });
  }

  private async handleFetchedBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, isRunning, isStale } = payload;
    const { batchSize } = this.options.settings;
    for (let start = 0; start < batch.messages.length; start += batchSize) {
      if (!isRunning() || isStale() || this.stopping) return;
      const chunk = batch.messages.slice(start, start + batchSize);
      const delivered = await this.deliverUntilAccepted(payload, chunk);
      if (!delivered) return;
      const last = chunk[chunk.length - 1] as KafkaMessage;
      payload.resolveOffset(last.offset);
      await this.consumer.commitOffsets([
        { topic: batch.topic, partition: batch.partition, offset: (BigInt(last.offset) + 1n).toString() },
      ]);
      await payload.heartbeat();
    }
  }

  /** Invokes the handler with one batch until it succeeds; false when the partition was taken away meanwhile. */
  private async deliverUntilAccepted(payload: EachBatchPayload, chunk: KafkaMessage[]): Promise<boolean> {
    const { batch, isRunning, isStale } = payload;
    const { settings, memberId, log } = this.options;
    const event = buildLambdaKafkaEvent(settings.source, settings.brokers.join(','), [
      { topic: batch.topic, partition: batch.partition, messages: chunk },
    ]);
    const range = `${batch.topic}-${batch.partition}@${chunk[0]?.offset}..${chunk[chunk.length - 1]?.offset}`;
    for (let attempt = 1; ; attempt += 1) {
      const started = Date.now();
      try {
        await this.whileHeartbeating(payload, () => this.options.invoke(event));
        log({ member: memberId, event: 'batch', function: settings.functionKey, records: range, count: chunk.length, attempt, ms: Date.now() - started, outcome: 'ok' });
        return true;
      } catch (error) {
        if (await this.failOver(batch, chunk, attempt, error as Error, range)) return true;
        const delayMs = Math.min(this.backoff.initialMs * 2 ** (attempt - 1), this.backoff.maxMs);
        log({ member: memberId, event: 'retry', function: settings.functionKey, records: range, count: chunk.length, attempt, error: (error as Error).message, retryInMs: delayMs });
        const stillOwned = await this.waitHeartbeating(payload, delayMs);
        if (!stillOwned || !isRunning() || isStale() || this.stopping) return false;
      }
    }
  }

  /**
   * Once a batch has used up its retries, copies its records (key, value and headers untouched,
   * plus where they came from and why they failed) to the on-failure topic, as the event source
   * mapping's Kafka destination does, so the partition moves on and nothing is lost. True when
   * the batch was handed over; false to keep retrying (no destination, retries left, or the
   * destination itself failed).
   */
  private async failOver(batch: EachBatchPayload['batch'], chunk: KafkaMessage[], attempt: number, error: Error, range: string): Promise<boolean> {
    const { settings, memberId, log } = this.options;
    const retries = attempt - 1;
    if (!settings.onFailureTopic || settings.maximumRetryAttempts < 0 || retries < settings.maximumRetryAttempts) return false;
    try {
      const producer = await this.failureProducer();
      await producer.send({
        topic: settings.onFailureTopic,
        acks: -1,
        messages: chunk.map((message) => ({
          key: message.key,
          value: message.value,
          timestamp: message.timestamp,
          headers: {
            ...message.headers,
            [FAILED_RECORD_HEADER.sourceTopic]: batch.topic,
            [FAILED_RECORD_HEADER.sourcePartition]: String(batch.partition),
            [FAILED_RECORD_HEADER.sourceOffset]: message.offset,
            [FAILED_RECORD_HEADER.sourceTimestamp]: message.timestamp,
            [FAILED_RECORD_HEADER.attempts]: String(attempt),
            [FAILED_RECORD_HEADER.reason]: error.message.slice(0, 1000),
          },
        })),
      });
    } catch (destinationError) {
      log({ member: memberId, event: 'error', records: range, error: `could not write to ${settings.onFailureTopic}: ${(destinationError as Error).message}` });
      return false;
    }
    log({ member: memberId, event: 'failed-over', function: settings.functionKey, records: range, count: chunk.length, attempt, destination: settings.onFailureTopic, error: error.message });
    return true;
  }

  private failureProducer(): Promise<Producer> {
    this.failureProducerConnection ??= (async () => {
      const producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
      await producer.connect();
      return producer;
    })().catch((error: unknown) => {
      this.failureProducerConnection = undefined;
      throw error;
    });
    return this.failureProducerConnection;
  }

  /** Runs work while heartbeating, so a slow handler does not cost this member its partitions. */
  private async whileHeartbeating<T>(payload: EachBatchPayload, work: () => Promise<T>): Promise<T> {
    const timer = setInterval(() => {
      payload.heartbeat().catch(() => undefined);
    }, HEARTBEAT_EVERY_MS);
    try {
      return await work();
    } finally {
      clearInterval(timer);
    }
  }

  /** Waits out a backoff delay in short steps with heartbeats; false if the group rebalanced meanwhile. */
  private async waitHeartbeating(payload: EachBatchPayload, delayMs: number): Promise<boolean> {
    const until = Date.now() + delayMs;
    while (Date.now() < until) {
      if (this.stopping || !payload.isRunning() || payload.isStale()) return false;
      await sleep(Math.min(HEARTBEAT_EVERY_MS, until - Date.now()));
      try {
        await payload.heartbeat();
      } catch {
        return false;
      }
    }
    return true;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
