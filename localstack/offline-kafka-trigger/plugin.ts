/**
 * serverless-offline plugin: a Kafka trigger for functions with `msk` or `kafka` events.
 * When `osls offline start` runs, it starts N consumer-group members (separate processes,
 * N from KAFKA_TRIGGER_CONSUMERS, default 1) that invoke the functions through
 * serverless-offline's Lambda API with the exact event Lambda sends for Kafka.
 */
import path from 'node:path';
import { offlineLambdaPort, TriggerProcesses, type PluginLogger, type ServerlessServiceLike } from '../runtime/trigger-processes';
import { effectiveRetryLimit, readTriggerSettings, type ErrorHandlingConfig, type ServerlessFunctionLike, type TriggerSettings } from './trigger-settings';

type ServerlessLike = ServerlessServiceLike<ServerlessFunctionLike>;

interface CustomKafkaTrigger {
  brokers?: string[] | string;
  consumers?: number;
  /** Each function's event source mapping error handling controls, with CloudFormation's names. */
  errorHandling?: Record<string, ErrorHandlingConfig>;
}

export class OfflineKafkaTrigger {
  readonly hooks: Record<string, () => Promise<void>>;
  private readonly members: TriggerProcesses;

  constructor(
    private readonly serverless: ServerlessLike,
    private readonly cliOptions: Record<string, unknown>,
    private readonly utils: { log: PluginLogger },
  ) {
    // As Lambda replaces a lost poller: a new member joins after a pause, and the group rebalances again.
    this.members = new TriggerProcesses({
      trigger: 'kafka',
      idField: 'member',
      entry: path.join(__dirname, 'member-process.ts'),
      specVariable: 'KAFKA_TRIGGER_MEMBER_SPEC',
      onLoss: (id, pid, how) => this.utils.log.warning(`Kafka trigger ${id} (pid ${pid}) exited (${how}); the group moves its partitions to the other members, and a replacement starts.`),
    });
    this.hooks = {
      'offline:start:init': () => Promise.resolve(this.start()),
      'offline:start:end': () => this.members.stop(),
    };
  }

  private start(): void {
    const custom = (this.serverless.service.custom?.kafkaTrigger ?? {}) as CustomKafkaTrigger;
    const triggers = withWindowOverride(readTriggerSettings(this.serverless.service.functions ?? {}, localBrokers(custom), withEnvironmentOverrides(custom.errorHandling ?? {})));
    if (triggers.length === 0) return;
    const count = Number(process.env.KAFKA_TRIGGER_CONSUMERS ?? custom.consumers ?? 1);
    const lambdaEndpoint = `http://127.0.0.1:${offlineLambdaPort(this.serverless.service.custom, this.cliOptions)}`;
    for (const trigger of triggers) {
      this.utils.log.notice(
        `Kafka trigger: ${trigger.functionKey} <- topic ${trigger.topic} (group ${trigger.consumerGroup}, batch ${trigger.batchSize}, window ${trigger.maximumBatchingWindowInSeconds}s, ${trigger.startingPosition}) via ${trigger.brokers.join(',')}, ${count} consumer(s), ${describeControls(trigger)}`,
      );
    }
    for (let index = 1; index <= count; index += 1) this.members.start(`member-${index}`, (memberId) => ({ memberId, lambdaEndpoint, triggers: triggers satisfies TriggerSettings[] }));
  }
}

/**
 * KAFKA_TRIGGER_MAX_RETRIES and KAFKA_TRIGGER_MAX_RECORD_AGE let a drill lower the limits of
 * every mapping that has controls, without editing serverless.yml.
 */
function withEnvironmentOverrides(errorHandling: Record<string, ErrorHandlingConfig>): Record<string, ErrorHandlingConfig> {
  const retries = process.env.KAFKA_TRIGGER_MAX_RETRIES;
  const age = process.env.KAFKA_TRIGGER_MAX_RECORD_AGE;
  return Object.fromEntries(
    Object.entries(errorHandling).map(([functionKey, controls]) => [
      functionKey,
      { ...controls, ...(retries ? { MaximumRetryAttempts: Number(retries) } : {}), ...(age ? { MaximumRecordAgeInSeconds: Number(age) } : {}) },
    ]),
  );
}

/**
 * KAFKA_TRIGGER_BATCHING_WINDOW_S sets every mapping's batching window (seconds, 0 to 300, as
 * Lambda takes it), so the bench can measure latency with a window other than the deployment's.
 */
function withWindowOverride(triggers: TriggerSettings[]): TriggerSettings[] {
  const window = process.env.KAFKA_TRIGGER_BATCHING_WINDOW_S;
  if (window === undefined || window === '') return triggers;
  const seconds = Number(window);
  if (!Number.isFinite(seconds) || seconds < 0 || seconds > 300) throw new Error(`KAFKA_TRIGGER_BATCHING_WINDOW_S takes 0 to 300 seconds, not "${window}"`);
  return triggers.map((trigger) => ({ ...trigger, maximumBatchingWindowInSeconds: seconds }));
}

function describeControls(trigger: TriggerSettings): string {
  const parts = [
    effectiveRetryLimit(trigger) === -1 ? 'retries until it succeeds' : `${effectiveRetryLimit(trigger)} retries`,
    trigger.maximumRecordAgeInSeconds === -1 ? undefined : `records up to ${trigger.maximumRecordAgeInSeconds}s old`,
    trigger.bisectBatchOnFunctionError ? 'failing batches split in two' : undefined,
    trigger.reportBatchItemFailures ? 'partial batch responses' : undefined,
    trigger.onFailureTopic ? `then ${trigger.onFailureTopic}` : undefined,
  ];
  return parts.filter(Boolean).join(', ');
}

function localBrokers(custom: CustomKafkaTrigger): string[] {
  const configured = process.env.KAFKA_BROKERS ?? custom.brokers ?? '127.0.0.1:9092';
  const list = Array.isArray(configured) ? configured : configured.split(',');
  return list.map((broker) => broker.trim()).filter(Boolean);
}
