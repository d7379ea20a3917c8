/**
 * One member of a Kafka consumer group that triggers a Lambda handler the way an event
 * source mapping does: it fetches records, hands them over in batches of at most
 * `batchSize` per partition, applies the mapping's error handling controls to each batch
 * (batch-delivery.ts: partial batch responses, bisection, retry limit, record age, the
 * on-failure destination with AWS's envelope) and commits only what is settled. Nothing is
 * skipped that AWS would not skip, and no offset moves past a record still to settle.
 */
import { Kafka, logLevel, type Consumer, type EachBatchPayload, type KafkaMessage, type Producer } from 'kafkajs';
import { chunkBySize } from '../../lib/chunk-by-size';
import { invocationResult } from '../offline-lambda-invoker';
import { deliverBatch, type DeliveryEvent } from './batch-delivery';
import { buildFailureRecord, type FailureDescription } from './failure-envelope';
import { buildLambdaKafkaEvent, type LambdaKafkaEvent } from './msk-event';
import type { TriggerSettings } from './trigger-settings';

export type InvokeHandler = (event: LambdaKafkaEvent) => Promise<unknown>;

export interface TriggerLogLine {
  member: string;
  event: 'joined' | 'assigned' | 'stopped' | DeliveryEvent['event'];
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
/** Lambda's synchronous invocation payload limit, less room for the event's own fields. */
const MAX_EVENT_BYTES = 6 * 1024 * 1024 - 64 * 1024;
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
    const { batch } = payload;
    const { batchSize } = this.options.settings;
    // As the mapping does, a batch ends at batchSize records or at Lambda's 6 MB invocation payload.
    for (const chunk of chunkBySize(batch.messages, eventBytesOf, { maxBytes: MAX_EVENT_BYTES, maxCount: batchSize })) {
      if (!payload.isRunning() || payload.isStale() || this.stopping) return;
      const settled = await deliverBatch(this.deliveryPort(payload), chunk);
      if (!settled) return;
      await payload.heartbeat();
    }
  }

  /** What deliverBatch needs of this member for one partition's batch. */
  private deliveryPort(payload: EachBatchPayload): Parameters<typeof deliverBatch>[0] {
    const { batch } = payload;
    const { settings, memberId, log } = this.options;
    return {
      topic: batch.topic,
      partition: batch.partition,
      controls: settings,
      invoke: (messages) => {
        const event = buildLambdaKafkaEvent(settings.source, settings.brokers.join(','), [{ topic: batch.topic, partition: batch.partition, messages }]);
        return this.whileHeartbeating(payload, () => invocationResult(this.options.invoke, event));
      },
      toDestination: (messages, failure) => this.writeToDestination(batch.topic, batch.partition, messages, failure),
      commit: async (nextOffset) => {
        payload.resolveOffset((BigInt(nextOffset) - 1n).toString());
        await this.consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: nextOffset }]);
      },
      wait: async (delayMs) => (await this.waitHeartbeating(payload, delayMs)) && payload.isRunning() && !payload.isStale() && !this.stopping,
      backoffMs: (failures) => Math.min(this.backoff.initialMs * 2 ** Math.max(failures - 1, 0), this.backoff.maxMs),
      now: () => Date.now(),
      log: (event) => log({ member: memberId, function: settings.functionKey, ...event }),
    };
  }

  /** One destination record per failed record, AWS's envelope as its value, keyed with the original key. */
  private async writeToDestination(topic: string, partition: number, messages: KafkaMessage[], failure: FailureDescription): Promise<void> {
    const { settings } = this.options;
    if (!settings.onFailureTopic) throw new Error('no on-failure destination');
    const context = { functionName: settings.functionName, source: settings.source, bootstrapServers: settings.brokers.join(','), topic, partition, now: new Date() };
    const producer = await this.failureProducer();
    await producer.send({
      topic: settings.onFailureTopic,
      acks: -1,
      messages: messages.map((message) => buildFailureRecord(context, message, failure)),
    });
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

/**
 * About what a record adds to the event: base64 key and value, headers as JSON byte arrays.
 * The topics' max.message.bytes (2 MiB) keeps any one record well under the limit.
 */
function eventBytesOf(message: KafkaMessage): number {
  const headerBytes = Object.values(message.headers ?? {}).reduce((sum, value) => sum + String(value ?? '').length * 4, 0);
  return Math.ceil(((message.value?.length ?? 0) + (message.key?.length ?? 0)) * 4 / 3) + headerBytes + 256;
}
