/**
 * The settings of one Kafka trigger, read from a function's `msk` or `kafka` event in
 * serverless.yml, with the same defaults AWS applies to an event source mapping.
 */
import type { KafkaEventSource } from './msk-event';

export type StartingPosition = 'LATEST' | 'TRIM_HORIZON';

export interface TriggerSettings {
  functionKey: string;
  functionName: string;
  topic: string;
  consumerGroup: string;
  batchSize: number;
  maximumBatchingWindowInSeconds: number;
  startingPosition: StartingPosition;
  source: KafkaEventSource;
  /** Where the local trigger reads from; for MSK this is the local broker, not the cluster. */
  brokers: string[];
  /** Retries of a failing batch before it goes to the on-failure topic; -1 retries for ever (as AWS). */
  maximumRetryAttempts: number;
  /** The on-failure destination's topic (`kafka://<topic>` on AWS); without one, a batch is retried for ever. */
  onFailureTopic?: string;
}

/** The retry policy of an event source mapping, from serverless.yml's custom.kafkaTrigger. */
export interface RetryPolicy {
  maximumRetryAttempts?: number;
  onFailureDestination?: string;
}

export const DEFAULT_CONSUMER_GROUP = 'invoice-validator';
const DEFAULT_BATCH_SIZE = 100;

interface KafkaEventConfig {
  arn?: unknown;
  topic?: unknown;
  batchSize?: unknown;
  maximumBatchingWindow?: unknown;
  startingPosition?: unknown;
  consumerGroupId?: unknown;
  enabled?: unknown;
}

export interface ServerlessFunctionLike {
  name?: string;
  events?: Array<Record<string, unknown>>;
}

/**
 * Every Kafka trigger declared on the functions, skipping events with `enabled: false`.
 *
 * @example
 * readTriggerSettings({ validateInvoices: { name: 'svc-local-validateInvoices', events: [{ msk: { arn, topic: 'invoices' } }] } }, ['127.0.0.1:9092'])
 */
export function readTriggerSettings(
  functions: Record<string, ServerlessFunctionLike>,
  localBrokers: string[],
  retry: RetryPolicy = {},
): TriggerSettings[] {
  const settings: TriggerSettings[] = [];
  for (const [functionKey, fn] of Object.entries(functions)) {
    for (const event of fn.events ?? []) {
      const kind = 'msk' in event ? 'msk' : 'kafka' in event ? 'kafka' : undefined;
      if (!kind) continue;
      const config = event[kind] as KafkaEventConfig;
      if (config.enabled === false) continue;
      settings.push(withRetryPolicy(toSettings(functionKey, fn, kind, config, localBrokers), retry));
    }
  }
  return settings;
}

function toSettings(
  functionKey: string,
  fn: ServerlessFunctionLike,
  kind: 'msk' | 'kafka',
  config: KafkaEventConfig,
  localBrokers: string[],
): TriggerSettings {
  if (typeof config.topic !== 'string') throw new Error(`Function ${functionKey}: the ${kind} event needs a topic`);
  return {
    functionKey,
    functionName: fn.name ?? functionKey,
    topic: config.topic,
    consumerGroup: typeof config.consumerGroupId === 'string' ? config.consumerGroupId : DEFAULT_CONSUMER_GROUP,
    batchSize: typeof config.batchSize === 'number' ? config.batchSize : DEFAULT_BATCH_SIZE,
    maximumBatchingWindowInSeconds: typeof config.maximumBatchingWindow === 'number' ? config.maximumBatchingWindow : 0,
    startingPosition: config.startingPosition === 'LATEST' ? 'LATEST' : 'TRIM_HORIZON',
    source: kind === 'msk' ? { kind: 'msk', clusterArn: String(config.arn ?? '') } : { kind: 'self-managed' },
    brokers: localBrokers,
    maximumRetryAttempts: -1,
  };
}

/** AWS refuses a destination equal to the source topic (it would loop); so does the trigger. */
function withRetryPolicy(settings: TriggerSettings, retry: RetryPolicy): TriggerSettings {
  const topic = retry.onFailureDestination?.replace(/^kafka:\/\//, '');
  const onFailureTopic = topic && topic !== settings.topic ? topic : undefined;
  return { ...settings, maximumRetryAttempts: retry.maximumRetryAttempts ?? -1, ...(onFailureTopic ? { onFailureTopic } : {}) };
}
