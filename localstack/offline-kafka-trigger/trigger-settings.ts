/**
 * The settings of one Kafka trigger, read from a function's `msk` or `kafka` event in
 * serverless.yml, with the same defaults AWS applies to an event source mapping, and the
 * mapping's error handling controls under AWS's own names, defaults and ranges (AWS Lambda DG
 * "Configuring error handling controls for Kafka event sources").
 */
import { z } from 'zod';
import type { KafkaEventSource } from './msk-event';

export type StartingPosition = 'LATEST' | 'TRIM_HORIZON';

/** What the event source mapping does when the function fails, as AWS documents it. */
export interface ErrorHandlingControls {
  /** Retries of a failing batch after the first invocation; -1: until the record expires (as AWS). */
  maximumRetryAttempts: number;
  /** Records older than this are not invoked again and go to the destination; -1: no limit. */
  maximumRecordAgeInSeconds: number;
  /** A batch the function fails is split in two, and each half retried. */
  bisectBatchOnFunctionError: boolean;
  /** FunctionResponseTypes has ReportBatchItemFailures: the function's batchItemFailures are read. */
  reportBatchItemFailures: boolean;
  /** The on-failure destination's topic (`kafka://<topic>` on AWS); without one, given-up records are skipped. */
  onFailureTopic?: string;
}

export interface TriggerSettings extends ErrorHandlingControls {
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
}

export const DEFAULT_CONSUMER_GROUP = 'invoice-validator';
const DEFAULT_BATCH_SIZE = 100;
/** AWS: "When you configure both infinite retries and an on-failure destination, Lambda automatically applies a maximum of 10 retry attempts." */
const RETRIES_WITH_DESTINATION = 10;

/**
 * The controls of one mapping with the CloudFormation property names
 * (AWS::Lambda::EventSourceMapping), as serverless.yml's custom.kafkaTrigger.errorHandling
 * gives them per function; every property is optional and takes AWS's default.
 */
export const errorHandlingSchema = z
  .object({
    MaximumRetryAttempts: z.union([z.literal(-1), z.number().int().min(0).max(10_000)]).default(-1),
    MaximumRecordAgeInSeconds: z.union([z.literal(-1), z.number().int().min(60).max(604_800)]).default(-1),
    BisectBatchOnFunctionError: z.boolean().default(false),
    FunctionResponseTypes: z.array(z.literal('ReportBatchItemFailures')).default([]),
    DestinationConfig: z
      .object({ OnFailure: z.object({ Destination: z.string().regex(/^kafka:\/\/.+/, 'a Kafka destination is kafka://<topic>') }) })
      .optional(),
  })
  .strict();

export type ErrorHandlingConfig = z.input<typeof errorHandlingSchema>;

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
 * `errorHandling` holds each function's controls by function key; a function without an
 * entry gets AWS's defaults (retried until it succeeds, no destination).
 *
 * @example
 * readTriggerSettings({ validateInvoices: { name: 'svc-local-validateInvoices', events: [{ msk: { arn, topic: 'invoices' } }] } }, ['127.0.0.1:9092'], { validateInvoices: { MaximumRetryAttempts: 3 } })
 */
export function readTriggerSettings(
  functions: Record<string, ServerlessFunctionLike>,
  localBrokers: string[],
  errorHandling: Record<string, ErrorHandlingConfig> = {},
): TriggerSettings[] {
  const settings: TriggerSettings[] = [];
  for (const [functionKey, fn] of Object.entries(functions)) {
    for (const event of fn.events ?? []) {
      const kind = 'msk' in event ? 'msk' : 'kafka' in event ? 'kafka' : undefined;
      if (!kind) continue;
      const config = event[kind] as KafkaEventConfig;
      if (config.enabled === false) continue;
      const base = toSettings(functionKey, fn, kind, config, localBrokers);
      settings.push({ ...base, ...readControls(functionKey, base.topic, errorHandling[functionKey] ?? {}) });
    }
  }
  return settings;
}

/** The retry limit the mapping applies: AWS caps "infinite" at 10 once a destination is set. */
export function effectiveRetryLimit(controls: ErrorHandlingControls): number {
  return controls.maximumRetryAttempts === -1 && controls.onFailureTopic ? RETRIES_WITH_DESTINATION : controls.maximumRetryAttempts;
}

function readControls(functionKey: string, sourceTopic: string, config: ErrorHandlingConfig): ErrorHandlingControls {
  const parsed = errorHandlingSchema.safeParse(config);
  if (!parsed.success) throw new Error(`Function ${functionKey}: invalid Kafka error handling controls: ${z.prettifyError(parsed.error)}`);
  const controls = parsed.data;
  const destination = controls.DestinationConfig?.OnFailure.Destination.replace(/^kafka:\/\//, '');
  // AWS refuses a destination equal to the source topic (it would loop); so does the trigger.
  if (destination === sourceTopic) throw new Error(`Function ${functionKey}: the on-failure destination cannot be the source topic ${sourceTopic}`);
  return {
    maximumRetryAttempts: controls.MaximumRetryAttempts,
    maximumRecordAgeInSeconds: controls.MaximumRecordAgeInSeconds,
    bisectBatchOnFunctionError: controls.BisectBatchOnFunctionError,
    reportBatchItemFailures: controls.FunctionResponseTypes.includes('ReportBatchItemFailures'),
    ...(destination ? { onFailureTopic: destination } : {}),
  };
}

function toSettings(
  functionKey: string,
  fn: ServerlessFunctionLike,
  kind: 'msk' | 'kafka',
  config: KafkaEventConfig,
  localBrokers: string[],
): Omit<TriggerSettings, keyof ErrorHandlingControls> {
  if (typeof config.topic !== 'string') throw new Error(`Function ${functionKey}: the ${kind} event needs a topic`);
  return {
    functionKey,
    functionName: fn.name ?? functionKey,
    topic: config.topic,
    consumerGroup: typeof config.consumerGroupId === 'string' ? config.consumerGroupId : DEFAULT_CONSUMER_GROUP,
    batchSize: typeof config.batchSize === 'number' ? config.batchSize : DEFAULT_BATCH_SIZE,
    maximumBatchingWindowInSeconds: typeof config.maximumBatchingWindow === 'number' ? config.maximumBatchingWindow : 0,
    startingPosition: config.startingPosition === 'LATEST' ? 'LATEST' : 'TRIM_HORIZON',
    source: kind === 'msk' ? { kind: 'msk', clusterArn: typeof config.arn === 'string' ? config.arn : '' } : { kind: 'self-managed' },
    brokers: localBrokers,
  };
}
