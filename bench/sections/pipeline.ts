/**
 * Section 2, the pipeline: for each transport (Kafka, then RabbitMQ: pipeline-rabbitmq.ts),
 * batch size and consumer count, preload a bench topic
 * with N invoices (90 % valid) and their ACCEPTED rows (as the API writes them), run the trigger against the real validator, and time
 * from the first invocation until the group has committed every record. The trigger
 * commits a batch only after the function stored or quarantined all of it, so "every
 * offset committed" is "every record stored or quarantined"; the outcome rows in
 * InvoiceMessages are read back afterwards to check it.
 */
import { performance } from 'node:perf_hooks';
import type { InvoiceIdentity } from '../../lib/domain/invoice-identity';
import { INFRASTRUCTURE } from '../../lib/infrastructure';
import { buildCorpus, type BenchInvoice } from '../corpus/invoice-corpus';
import type { PipelineResult, PipelineRun } from '../report/results';
import type { BenchClients } from '../support/bench-clients';
import type { BenchKafka } from '../support/bench-kafka';
import type { BenchLedger } from '../support/bench-ledger';
import { waitForInvalidQueueToDrain } from '../support/invalid-queue';
import { writeAcceptedRows } from '../support/accepted-rows';
import { countOutcomes } from '../support/message-outcomes';
import type { RunNames } from '../support/names';
import { cpuBetween, sampleCpu } from '../support/process-cpu';
import { runFigures, startTrigger, type RunEnd, type RunningTrigger } from './pipeline-trigger';
import { deleteQueue, measureRabbitMqRun, preloadQueue, type RabbitMqBench } from './pipeline-rabbitmq';

export const COMPLETION =
  'the bench group has committed the end offset of every partition (polled every 50 ms). The trigger commits a batch only after validateInvoices ' +
  'returned, i.e. after every record of it is in the Invoices table or on the invalid channel with its outcome row written; after the clock stops the ' +
  'outcome rows of all message ids are read back from InvoiceMessages (the outcomes column). On RabbitMQ: every message acked, which the trigger does only after ' +
  'validateInvoices returned for its batch (the same criterion), the outcome rows read back alike.';

/** A run that commits nothing new for this long is given up and reported as incomplete. */
const STALL_MS = 60_000;
const POLL_MS = 50;
const QUEUE_DRAIN_MS = 180_000;

export interface PipelineContext {
  kafka: BenchKafka;
  /** The RabbitMQ broker and the validator on it; absent when the run measures Kafka only. */
  rabbitMq?: RabbitMqBench;
  clients: BenchClients;
  names: RunNames;
  ledger: BenchLedger;
  keepData: boolean;
  log: (line: string) => void;
}

export interface PipelinePlan {
  invoices: number;
  batchSizes: number[];
  consumers: number[];
  /** The limit from section 1, for the ratio; undefined when it was not measured. */
  limitRate: number | undefined;
  /** The transports to run on, each with every batch size and consumer count: Kafka, then RabbitMQ beside it. */
  transports: Array<'kafka' | 'rabbitmq'>;
  /** RabbitMQ's limit from section 1 (PerfTest and the stores), for its runs' ratio. */
  rabbitMqLimitRate?: number | undefined;
}

export async function measurePipeline(context: PipelineContext, plan: PipelinePlan): Promise<PipelineResult> {
  const runs: PipelineRun[] = [];
  const failures: string[] = [];
  for (const transport of plan.transports) {
    for (const consumers of plan.consumers) {
      for (const batchSize of plan.batchSizes) {
        try {
          runs.push(transport === 'rabbitmq' ? await measureQueueRun(context, plan, batchSize, consumers) : await measureRun(context, plan, batchSize, consumers));
        } catch (error) {
          context.log(`pipeline ${transport} batch ${batchSize} x ${consumers} consumer(s) failed: ${(error as Error).stack ?? String(error)}`);
          failures.push(`${transport}, batch ${batchSize}, ${consumers} consumer(s): ${(error as Error).message.slice(0, 300)}`);
        }
      }
    }
  }
  return { invoices: plan.invoices, runs, failures, completion: COMPLETION };
}

async function measureRun(context: PipelineContext, plan: PipelinePlan, batchSize: number, consumers: number): Promise<PipelineRun> {
  const { kafka, names, log } = context;
  const label = `pipeline batch ${batchSize} x ${consumers} consumer(s)`;
  const topic = names.pipelineTopic(batchSize, consumers);
  const group = names.pipelineGroup(batchSize, consumers);
  const corpus = buildCorpus({ runTag: names.invoiceTag(`p${batchSize}x${consumers}`), count: plan.invoices, submittedAt: new Date() });
  noteRows(context.ledger, corpus);
  await kafka.createTopic(topic);
  try {
    await kafka.preload(topic, corpus);
    await writeAcceptedRows(context.clients.documents, INFRASTRUCTURE.tables.messages.TableName, corpus, new Date());
    await settle(context, label);
    log(`${label}: ${plan.invoices} invoices on ${topic}, starting the trigger`);
    const trigger = await startTrigger({ topic, group, batchSize, consumers, brokers: kafka.brokers });
    const cpuBefore = sampleCpu();
    const progress = await waitForCommits(context, trigger, group, topic, plan.invoices, label);
    const cpu = cpuBetween(cpuBefore, sampleCpu());
    await trigger.stop();
    const run = { ...toRun(trigger, progress, plan, batchSize, consumers, corpus), cpu };
    log(`${label}: ${Math.round(run.rate)} invoices/s over ${Math.round(run.ms)} ms${run.complete ? '' : ' (INCOMPLETE)'}, ${run.invocations} invocations, ${run.retries} retries`);
    run.outcomes = await countOutcomes(context.clients.documents, corpus.map((invoice) => invoice.messageId));
    log(`${label}: outcomes ${JSON.stringify(run.outcomes)}; CPU cores ${cpu.map(({ part, cores }) => `${part} ${cores.toFixed(2)}`).join(', ')}`);
    return run;
  } finally {
    await kafka.deleteTopics([topic]);
    await kafka.deleteGroup(group);
    await cleanUp(context, label);
  }
}

/** The same run on RabbitMQ: the corpus on a bench queue, the MQ trigger's consumers, the RabbitMQ validator. */
async function measureQueueRun(context: PipelineContext, plan: PipelinePlan, batchSize: number, consumers: number): Promise<PipelineRun> {
  const { names, log } = context;
  const bench = context.rabbitMq;
  if (!bench) throw new Error('RabbitMQ is not part of this run');
  const label = `pipeline rabbitmq batch ${batchSize} x ${consumers} consumer(s)`;
  const queue = names.pipelineTopic(batchSize, consumers);
  const corpus = buildCorpus({ runTag: names.invoiceTag(`q${batchSize}x${consumers}`), count: plan.invoices, submittedAt: new Date() });
  noteRows(context.ledger, corpus);
  try {
    await preloadQueue(bench, queue, corpus);
    await writeAcceptedRows(context.clients.documents, INFRASTRUCTURE.tables.messages.TableName, corpus, new Date());
    await settle(context, label);
    log(`${label}: ${plan.invoices} invoices on queue ${queue}, starting the consumers`);
    const cpuBefore = sampleCpu();
    const measured = await measureRabbitMqRun(bench, { queue, corpus, batchSize, consumers, limitRate: plan.rabbitMqLimitRate, log, label });
    const cpu = cpuBetween(cpuBefore, sampleCpu());
    const stored = corpus.filter((invoice) => invoice.expected === 'STORED').length;
    const run: PipelineRun = { ...measured, outcomes: {}, expected: { STORED: stored, INVALID: corpus.length - stored }, cpu };
    log(`${label}: ${Math.round(run.rate)} invoices/s over ${Math.round(run.ms)} ms${run.complete ? '' : ' (INCOMPLETE)'}, ${run.invocations} invocations, ${run.retries} handed back`);
    run.outcomes = await countOutcomes(context.clients.documents, corpus.map((invoice) => invoice.messageId));
    log(`${label}: outcomes ${JSON.stringify(run.outcomes)}; CPU cores ${cpu.map(({ part, cores }) => `${part} ${cores.toFixed(2)}`).join(', ')}`);
    return run;
  } finally {
    await deleteQueue(bench, queue).catch((error: unknown) => log(`${label}: could not delete queue ${queue}: ${(error as Error).message}`));
    await cleanUp(context, label);
  }
}

type CommitProgress = RunEnd;

async function waitForCommits(context: PipelineContext, trigger: RunningTrigger, group: string, topic: string, total: number, label: string): Promise<CommitProgress> {
  let committed = 0;
  let lastProgressAt = performance.now();
  let lastLogAt = lastProgressAt;
  for (;;) {
    const now = performance.now();
    const seen = await context.kafka.committedTotal(group, topic);
    if (seen > committed) {
      committed = seen;
      lastProgressAt = now;
    }
    if (committed >= total) return { committed, complete: true, endAt: performance.now() };
    if (now - lastProgressAt > STALL_MS) {
      context.log(`${label}: no commit for ${STALL_MS / 1000} s at ${committed}/${total}; last errors: ${trigger.tally.errors.slice(-3).join(' | ')}`);
      return { committed, complete: false, endAt: lastProgressAt };
    }
    if (now - lastLogAt > 10_000) {
      const lastError = trigger.tally.errors.at(-1);
      context.log(`${label}: ${committed}/${total} committed, ${trigger.tally.invocations} invocations, ${trigger.tally.retries} retries${lastError ? `, last error: ${lastError}` : ''}`);
      lastLogAt = now;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function toRun(trigger: RunningTrigger, progress: CommitProgress, plan: PipelinePlan, batchSize: number, consumers: number, corpus: BenchInvoice[]): PipelineRun {
  const stored = corpus.filter((invoice) => invoice.expected === 'STORED').length;
  return {
    batchSize,
    consumers,
    invoices: plan.invoices,
    ...runFigures(trigger.tally, progress, plan.limitRate),
    outcomes: {},
    expected: { STORED: stored, INVALID: corpus.length - stored },
    cpu: [],
  };
}

/** Notes every row the run will leave in the shared tables before it starts, so a failed run is cleaned up too. */
function noteRows(ledger: BenchLedger, corpus: readonly BenchInvoice[]): void {
  ledger.addInvoices(corpus.flatMap((invoice): InvoiceIdentity[] => (invoice.identity ? [invoice.identity] : [])));
  ledger.addMessages(corpus.map((invoice) => invoice.messageId));
  ledger.addQuarantined(corpus.filter((invoice) => invoice.expected === 'INVALID').map((invoice) => invoice.messageId));
}

/** Lets the quarantine of earlier work finish, so it does not share the CPU with this run. */
async function settle(context: PipelineContext, label: string): Promise<void> {
  const waited = await waitForInvalidQueueToDrain(context.clients.sqs, QUEUE_DRAIN_MS);
  if (waited < 0) context.log(`${label}: the invalid-invoices queue did not drain in ${QUEUE_DRAIN_MS / 1000} s; measuring anyway`);
  else if (waited > 1000) context.log(`${label}: waited ${Math.round(waited / 1000)} s for the invalid-invoices queue to drain`);
}

/** Deletes the run's rows once the quarantine has written its own (it runs after the validator). */
async function cleanUp(context: PipelineContext, label: string): Promise<void> {
  if (context.keepData) return;
  await settle(context, label);
  const deleted = await context.ledger.purge();
  context.log(`${label}: deleted the ${deleted} rows it left in the shared tables`);
}
