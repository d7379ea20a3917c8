/**
 * Section 2 on RabbitMQ, beside Kafka in the same run: the same corpus preloaded on a bench
 * quorum queue of its own (declared like `invoices`, persistent messages, publisher confirms),
 * the local MQ trigger's own consumer class, in this process, invoking the real RabbitMQ
 * validateInvoices through a serverless-offline started with TRANSPORT=rabbitmq. The clock
 * runs from the first invocation until every message is acked; the trigger acks a batch only
 * after validateInvoices returned, i.e. after every message of it is stored or quarantined.
 */
import { performance } from 'node:perf_hooks';
import { connect } from 'amqplib';
import { rabbitMqConnectOptions } from '../../lib/adapters/rabbitmq/rabbitmq-connection';
import { RabbitMqInvoicePublisher } from '../../lib/adapters/rabbitmq/rabbitmq-invoice-publisher';
import { declareInvoiceTopology, type RabbitMqTopology } from '../../lib/adapters/rabbitmq/rabbitmq-topology';
import { INFRASTRUCTURE } from '../../lib/infrastructure';
import { RabbitMqTriggerConsumer, type RabbitMqTriggerLogLine } from '../../localstack/offline-rabbitmq-trigger/queue-consumer';
import type { LambdaRmqEventOut } from '../../localstack/offline-rabbitmq-trigger/rmq-event';
import { lambdaResultInvoker } from '../../localstack/offline-lambda-invoker';
import type { BenchInvoice } from '../corpus/invoice-corpus';
import type { PipelineRun } from '../report/results';
import { newTally, runFigures, timedInvoker, VALIDATOR_FUNCTION } from './pipeline-trigger';

const PRELOAD_CHUNK = 1000;
const STALL_MS = 60_000;
const POLL_MS = 50;

export interface RabbitMqBench {
  /** The broker, as the functions reach it (RABBITMQ_URL). */
  url: string;
  /** serverless-offline's Lambda API with TRANSPORT=rabbitmq (started on first use). */
  validatorEndpoint: () => Promise<string>;
}

export interface RabbitMqRunPlan {
  queue: string;
  corpus: BenchInvoice[];
  batchSize: number;
  consumers: number;
  limitRate: number | undefined;
  log: (line: string) => void;
  label: string;
}

const connectOptions = (url: string) => rabbitMqConnectOptions({ RABBITMQ_URL: url, RABBITMQ_VHOST: INFRASTRUCTURE.rabbitmq.vhost, RABBITMQ_CREDENTIALS_SECRET_ARN: undefined });

/** The bench queue's topology: the deployment's, under the bench's names. */
function benchTopology(queue: string): RabbitMqTopology {
  const { queueType, deliveryLimit, failedQueueDeliveryLimit } = INFRASTRUCTURE.rabbitmq;
  return { queue, queueType, deliveryLimit, deadLetterExchange: `${queue}.dlx`, failedQueue: `${queue}.failed`, failedQueueDeliveryLimit };
}

/** Declares the bench queue and puts the corpus on it, as the API would (confirmed, persistent). */
export async function preloadQueue(bench: RabbitMqBench, queue: string, corpus: readonly BenchInvoice[]): Promise<void> {
  const connection = await connect(await connectOptions(bench.url));
  try {
    await declareInvoiceTopology(await connection.createChannel(), benchTopology(queue));
  } finally {
    await connection.close();
  }
  const publisher = new RabbitMqInvoicePublisher({ connectOptions: () => connectOptions(bench.url), queue, publishTimeoutMs: 60_000 });
  try {
    for (let start = 0; start < corpus.length; start += PRELOAD_CHUNK) {
      await publisher.publishMany(corpus.slice(start, start + PRELOAD_CHUNK).map((invoice) => ({ key: invoice.key, value: invoice.value, headers: invoice.headers })));
    }
  } finally {
    await publisher.disconnect();
  }
}

export async function deleteQueue(bench: RabbitMqBench, queue: string): Promise<void> {
  const connection = await connect(await connectOptions(bench.url));
  try {
    const channel = await connection.createChannel();
    const topology = benchTopology(queue);
    await channel.deleteQueue(topology.queue);
    await channel.deleteQueue(topology.failedQueue);
    await channel.deleteExchange(topology.deadLetterExchange);
  } finally {
    await connection.close();
  }
}

/** Runs the consumers until every message is acked (or nothing is acked for a minute). */
export async function measureRabbitMqRun(bench: RabbitMqBench, plan: RabbitMqRunPlan): Promise<Omit<PipelineRun, 'outcomes' | 'expected' | 'cpu'>> {
  const endpoint = await bench.validatorEndpoint();
  const invoke = lambdaResultInvoker<LambdaRmqEventOut>(endpoint, VALIDATOR_FUNCTION);
  const tally = { ...newTally(), acked: 0 };
  const timedInvoke = timedInvoker(tally, invoke);
  const log = (line: RabbitMqTriggerLogLine) => {
    if (line.event !== 'invoked') return;
    if (line.ok) tally.acked += Number(line.messages);
    else {
      tally.retries += 1;
      tally.errors.push(String(line.error).slice(0, 300));
    }
  };
  const options = await connectOptions(bench.url);
  const { maximumBatchingWindowInSeconds, vhost } = INFRASTRUCTURE.rabbitmq;
  const consumers = Array.from(
    { length: plan.consumers },
    (_, index) =>
      new RabbitMqTriggerConsumer({
        consumerId: `bench-consumer-${index + 1}`,
        settings: { functionKey: 'validateInvoices', functionName: VALIDATOR_FUNCTION, brokerArn: 'arn:aws:mq:us-east-1:000000000000:broker:local:bench', queue: plan.queue, virtualHost: vhost, batchSize: plan.batchSize, maximumBatchingWindowInSeconds },
        connectOptions: options,
        invoke: timedInvoke,
        log,
      }),
  );
  let endAt: number;
  let complete = false;
  try {
    await Promise.all(consumers.map((consumer) => consumer.start()));
    let acked = 0;
    let lastProgressAt = performance.now();
    let lastLogAt = lastProgressAt;
    for (;;) {
      const now = performance.now();
      if (tally.acked > acked) {
        acked = tally.acked;
        lastProgressAt = now;
      }
      if (acked >= plan.corpus.length) {
        complete = true;
        endAt = now;
        break;
      }
      if (now - lastProgressAt > STALL_MS) {
        plan.log(`${plan.label}: nothing acked for ${STALL_MS / 1000} s at ${acked}/${plan.corpus.length}; last errors: ${tally.errors.slice(-3).join(' | ')}`);
        endAt = lastProgressAt;
        break;
      }
      if (now - lastLogAt > 10_000) {
        plan.log(`${plan.label}: ${acked}/${plan.corpus.length} acked, ${tally.invocations} invocations, ${tally.retries} handed back`);
        lastLogAt = now;
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  } finally {
    await Promise.allSettled(consumers.map((consumer) => consumer.stop()));
  }
  return {
    transport: 'rabbitmq',
    batchSize: plan.batchSize,
    consumers: plan.consumers,
    invoices: plan.corpus.length,
    ...runFigures(tally, { committed: Math.min(tally.acked, plan.corpus.length), complete, endAt }, plan.limitRate),
  };
}
