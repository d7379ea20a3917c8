/**
 * The local Kafka trigger as the bench runs it: the plugin's own KafkaTriggerMember
 * class, in this process, reading a bench topic with a bench group and invoking the
 * real validateInvoices function through serverless-offline's Lambda API, with the
 * settings under test. Every invocation is timed on the way through.
 */
import { performance } from 'node:perf_hooks';
import { INFRASTRUCTURE } from '../../lib/infrastructure';
import { LOCAL_PORTS } from '../../localstack/local-env';
import { KafkaTriggerMember, type TriggerLogLine } from '../../localstack/offline-kafka-trigger/kafka-trigger-member';
import type { LambdaKafkaEvent } from '../../localstack/offline-kafka-trigger/msk-event';
import { readTriggerSettings } from '../../localstack/offline-kafka-trigger/trigger-settings';
import { lambdaResultInvoker } from '../../localstack/offline-lambda-invoker';
import type { PipelineRun } from '../report/results';
import { ratePerSecond, ratioToLimit, summarizeLatencies } from '../stats';

/** `<service>-<stage>-<function>`: the name serverless-offline serves the validator under. */
export const VALIDATOR_FUNCTION = 'invoice-pipeline-local-validateInvoices';
const LAMBDA_ENDPOINT = `http://127.0.0.1:${LOCAL_PORTS.lambda}`;
const CLUSTER_ARN = 'arn:aws:kafka:us-east-1:000000000000:cluster/local/bench';

export interface TriggerUnderTest {
  topic: string;
  group: string;
  batchSize: number;
  consumers: number;
  brokers: string[];
  /** Seconds; the deployment's when absent. */
  maximumBatchingWindow?: number;
  /** What an invocation runs; absent: validateInvoices through serverless-offline's Lambda API. */
  invoke?: (event: LambdaKafkaEvent) => Promise<unknown>;
}

export interface TriggerTally {
  startedAt: number;
  firstInvokeAt?: number;
  invocations: number;
  retries: number;
  latencies: number[];
  errors: string[];
}

export interface RunningTrigger {
  tally: TriggerTally;
  stop(): Promise<void>;
}

/** A fresh tally, its clock started now. */
export function newTally(): TriggerTally {
  return { startedAt: performance.now(), invocations: 0, retries: 0, latencies: [], errors: [] };
}

/** The invoke, counting and timing every invocation in the tally (the first one starts the run's clock). */
export function timedInvoker<TEvent>(tally: TriggerTally, invoke: (event: TEvent) => Promise<unknown>): (event: TEvent) => Promise<unknown> {
  return async (event) => {
    const started = performance.now();
    tally.firstInvokeAt ??= started;
    tally.invocations += 1;
    try {
      return await invoke(event);
    } finally {
      tally.latencies.push(performance.now() - started);
    }
  };
}

/** Where a run ended: how many records were settled, whether that was all, and when. */
export interface RunEnd {
  committed: number;
  complete: boolean;
  endAt: number;
}

/** A run's figures, from the first invocation to its end: the same on every transport. */
export function runFigures(tally: TriggerTally, end: RunEnd, limitRate: number | undefined): Pick<PipelineRun, 'complete' | 'committed' | 'ms' | 'rate' | 'ratio' | 'joinMs' | 'invocations' | 'retries' | 'invokeLatency'> {
  const firstInvokeAt = tally.firstInvokeAt ?? end.endAt;
  const ms = end.endAt - firstInvokeAt;
  const rate = ratePerSecond(end.committed, ms);
  return {
    complete: end.complete,
    committed: end.committed,
    ms,
    rate,
    ratio: ratioToLimit(rate, limitRate),
    joinMs: firstInvokeAt - tally.startedAt,
    invocations: tally.invocations,
    retries: tally.retries,
    invokeLatency: summarizeLatencies(tally.latencies),
  };
}

/** Starts `consumers` members of the bench group; resolves once every one has joined. */
export async function startTrigger(under: TriggerUnderTest): Promise<RunningTrigger> {
  const [settings] = readTriggerSettings(
    {
      validateInvoices: {
        name: VALIDATOR_FUNCTION,
        events: [
          {
            msk: {
              arn: CLUSTER_ARN,
              topic: under.topic,
              consumerGroupId: under.group,
              batchSize: under.batchSize,
              maximumBatchingWindow: under.maximumBatchingWindow ?? INFRASTRUCTURE.kafka.maximumBatchingWindowInSeconds,
              startingPosition: 'TRIM_HORIZON',
            },
          },
        ],
      },
    },
    under.brokers,
    // As deployed, but without a destination: a bench run that gives up on a record has failed anyway.
    {
      validateInvoices: {
        BisectBatchOnFunctionError: INFRASTRUCTURE.kafka.bisectBatchOnFunctionError,
        FunctionResponseTypes: INFRASTRUCTURE.kafka.functionResponseTypes.filter((type) => type === 'ReportBatchItemFailures'),
      },
    },
  );
  if (!settings) throw new Error('the trigger settings of the bench could not be read');
  const tally = newTally();
  const timedInvoke = timedInvoker(tally, under.invoke ?? lambdaResultInvoker<LambdaKafkaEvent>(LAMBDA_ENDPOINT, VALIDATOR_FUNCTION));
  const log = (line: TriggerLogLine) => {
    const failed = line.event === 'batch' && line.outcome !== 'ok';
    if (failed) tally.retries += 1;
    const said = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value ?? ''));
    if (failed || line.event === 'error') tally.errors.push((line.error === undefined ? `${line.event} ${said(line.outcome)}` : said(line.error)).slice(0, 300));
  };
  const members = Array.from(
    { length: under.consumers },
    (_, index) => new KafkaTriggerMember({ memberId: `bench-member-${index + 1}`, settings, invoke: timedInvoke, log }),
  );
  const stop = async () => {
    await Promise.allSettled(members.map((member) => member.stop()));
  };
  try {
    await Promise.all(members.map((member) => member.start()));
  } catch (error) {
    await stop();
    throw error;
  }
  return { tally, stop };
}
