/**
 * `npm run bench`: how close the pipeline runs to the limits of its broker and its
 * stores, on the real local stack. Sections: validation alone, cold start, limits
 * (kcat, raw store writes), the pipeline through the local Kafka trigger, and ingest.
 * Writes bench/results/<timestamp>.json, latest.svg and latest.md, and ends with the
 * line `bench: pipeline X invoices/s = R of limit`. Flags: see options.ts.
 *
 * Everything it creates is its own (bench-* topics, groups, table, queue) and deleted at
 * the end, as are the rows its invoices leave in the shared tables; services it finds
 * running are used and left alone, the ones it had to start are stopped.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { applyLocalEnv } from '../localstack/local-env';
import { parseBenchOptions, type BenchOptions, type Section } from './options';
import { chartPanels } from './report/chart-panels';
import { adminLine, finalLine, latencyLine } from './report/final-line';
import { buildMarkdown } from './report/markdown';
import { runNotes } from './report/notes';
import { wasMeasured, type BenchResults, type Measured } from './report/results';
import { buildLatencyChart } from './report/latency-chart';
import { buildBarChart } from './report/svg-chart';
import { bestPipelineRun, checkTargets } from './report/targets';
import { compareBills, costLine, lambdaMemoryMb, readPriceTable } from './report/bill';
import { measureAdmin } from './sections/admin';
import { measureBaseline } from './sections/baseline';
import { measureColdStart } from './sections/cold-start';
import { measureCost } from './sections/cost';
import { measureIngest } from './sections/ingest';
import { measureLatency } from './sections/latency';
import { measureLimits } from './sections/limits';
import { measurePipeline } from './sections/pipeline';
import { measureValidation } from './sections/validation';
import { createBenchClients } from './support/bench-clients';
import { BenchKafka } from './support/bench-kafka';
import { BenchLedger } from './support/bench-ledger';
import { loadAverage, machineFacts } from './support/machine';
import { fileTimestamp, runNames } from './support/names';
import { waitForIdleStack } from './support/process-cpu';
import { ensureLocalStack, type BenchStack } from './support/stack';

const log = (line: string) => console.log(`[bench] ${line}`);

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const options = parseBenchOptions(argv);
  const startedAt = new Date();
  const names = runNames(startedAt);
  const machine = machineFacts();
  const wants = (section: Section) => options.sections.includes(section);
  applyLocalEnv();
  log(`${options.mode} run ${names.runId}: ${options.sections.join(', ')}`);

  const sections: BenchResults['sections'] = {};
  // The machine is shared: what else was running when each section began goes with its figures.
  const bySection: Record<string, number> = {};
  machine.loadAverage.bySection = bySection;
  const stackIdle: NonNullable<typeof machine.stackIdle> = {};
  machine.stackIdle = stackIdle;
  // First, before this run loads the services: CPU only.
  if (wants('validation')) {
    bySection.validation = loadAverage();
    sections.validation = measureValidation(options.validationMs, log);
  }

  let stackSummary: string[] = ['not needed'];
  if (options.sections.some((section) => section !== 'validation')) {
    const stack = await ensureLocalStack(log, options.transports);
    stackSummary = stack.summary;
    try {
      await measureOnStack(options, names, sections, { bySection, stackIdle }, stack);
    } finally {
      await stack.stop();
    }
  }

  machine.loadAverage.end = loadAverage();
  const finishedAt = new Date();
  const best = wasMeasured(sections.pipeline) ? bestPipelineRun(sections.pipeline.runs) : undefined;
  const throughputRatio = best && wasMeasured(sections.baseline) ? best.rate / sections.baseline.rate : undefined;
  const bill = wasMeasured(sections.cost)
    ? compareBills(sections.cost, wasMeasured(sections.baseline) ? sections.baseline : undefined, readPriceTable(), lambdaMemoryMb(), throughputRatio)
    : undefined;
  const results: BenchResults = {
    mode: options.mode,
    command: `npm run bench${argv.length > 0 ? ` -- ${argv.join(' ')}` : ''}`,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationMs: finishedAt.getTime() - startedAt.getTime(),
    machine,
    stack: stackSummary,
    sections,
    ...(bill ? { bill } : {}),
    targets: checkTargets(sections, bill),
    notes: runNotes({ mode: options.mode, sections }),
    finalLine: finalLine(best && { invoicesPerSecond: best.rate, ratio: best.ratio }),
    ...(wasMeasured(sections.admin) ? { adminLine: adminLine(sections.admin) } : {}),
    ...(bill ? { costLine: costLine(bill) } : {}),
    ...(wasMeasured(sections.latency) ? { latencyLine: latencyLine(sections.latency) } : {}),
  };
  writeResults(results, options.outDir, startedAt);
  if (results.adminLine) console.log(results.adminLine);
  if (results.latencyLine) console.log(results.latencyLine);
  if (results.costLine) console.log(results.costLine);
  console.log(results.finalLine);
}

/** The sections that need the stack; each one that fails is reported as such and the others still run. */
async function measureOnStack(
  options: BenchOptions,
  names: ReturnType<typeof runNames>,
  sections: BenchResults['sections'],
  conditions: SectionConditions,
  stack: BenchStack,
): Promise<void> {
  const wants = (section: Section) => options.sections.includes(section);
  const kafka = new BenchKafka();
  await kafka.connect();
  const clients = createBenchClients();
  const ledger = new BenchLedger(clients.documents);
  const tmpDir = mkdtempSync(path.join(os.tmpdir(), 'invoice-bench-'));
  const context = { kafka, clients, names, ledger, log, tmpDir, keepData: options.keepData };
  try {
    if (wants('cold-start')) sections.coldStart = await attempt('cold start', () => measureColdStart(context), conditions);
    if (wants('limits')) sections.limits = await attempt('limits', () => measureLimits(context, options.invoices, options.storeConcurrency, options.transports), conditions);
    if (wants('pipeline')) {
      const limitRate = wasMeasured(sections.limits) ? sections.limits.limit.rate : undefined;
      const rabbitMqLimitRate = wasMeasured(sections.limits) ? sections.limits.rabbitMqLimit?.rate : undefined;
      const rabbitMq = { url: process.env.RABBITMQ_URL ?? '', validatorEndpoint: () => stack.rabbitMqValidatorEndpoint() };
      sections.pipeline = await attempt('pipeline', () =>
        measurePipeline({ ...context, rabbitMq }, { invoices: options.invoices, batchSizes: options.batchSizes, consumers: options.consumers, limitRate, transports: options.transports, rabbitMqLimitRate }),
        conditions,
      );
    }
    // The seed's design on the same number of invoices, right after ours.
    if (wants('baseline')) sections.baseline = await attempt('baseline', () => measureBaseline(context, options.invoices), conditions);
    if (wants('cost')) sections.cost = await attempt('cost', () => measureCost(context, options.costInvoices), conditions);
    if (wants('latency')) sections.latency = await attempt('latency', () => measureLatency({ ...context, stack }, { rates: options.latencyRates, seconds: options.latencySeconds }), conditions);
    // Last: its preload is the heaviest write of the run, and it measures reads, not throughput.
    if (wants('admin')) sections.admin = await attempt('admin', () => measureAdmin(context, { levels: options.adminLevels, samples: options.adminSamples }), conditions);
    if (wants('ingest')) {
      sections.ingest = await attempt('ingest', () =>
        measureIngest(context, {
          runTag: names.invoiceTag('ingest'),
          concurrency: options.ingestConcurrency,
          requests: options.ingestConcurrency.map(options.ingestRequests),
          batchItems: options.batchItems,
          batchConcurrency: options.batchConcurrency,
          batchRequests: options.batchConcurrency.map(options.batchRequests),
        }),
        conditions,
      );
    }
  } finally {
    if (!options.keepData) await sweepRows(ledger, names.runId);
    await kafka.disconnect();
    rmSync(tmpDir, { recursive: true, force: true });
  }
}

/** Deletes what is left: rows noted but not yet deleted, and any row keyed with this run's id (late writes). */
async function sweepRows(ledger: BenchLedger, runId: string): Promise<void> {
  try {
    await ledger.sweep(runId);
    const deleted = await ledger.purge();
    if (deleted > 0) log(`deleted ${deleted} more rows the run left in the shared tables`);
  } catch (error) {
    log(`could not delete every bench row: ${(error as Error).message}`);
  }
}

/** What each section ran in: the load average as it began, and the wait for an idle stack before it. */
interface SectionConditions {
  bySection: Record<string, number>;
  stackIdle: NonNullable<BenchResults['machine']['stackIdle']>;
}

async function attempt<T>(name: string, measure: () => Promise<T>, conditions?: SectionConditions): Promise<Measured<T>> {
  if (conditions) {
    // Only on an idle stack: a section must not share the CPU with what the one before left running.
    const idle = await waitForIdleStack();
    conditions.stackIdle[name] = idle;
    if (idle.waitedMs > 3000 || !idle.idle) log(`${name}: waited ${Math.round(idle.waitedMs / 1000)} s for the stack to go idle${idle.idle ? '' : ` (still ${idle.cores.toFixed(2)} cores busy; measuring anyway)`}`);
    conditions.bySection[name] = loadAverage();
  }
  try {
    return await measure();
  } catch (error) {
    log(`${name} failed: ${(error as Error).stack ?? String(error)}`);
    return { skipped: `failed: ${(error as Error).message}` };
  }
}

function writeResults(results: BenchResults, outDir: string, startedAt: Date): void {
  mkdirSync(outDir, { recursive: true });
  const jsonFile = path.join(outDir, `${fileTimestamp(startedAt)}.json`);
  const chartFile = path.join(outDir, 'latest.svg');
  const markdownFile = path.join(outDir, 'latest.md');
  const subtitle = `${results.mode} run ${results.startedAt.slice(0, 16).replace('T', ' ')} UTC, ${results.machine.cpus} CPUs, Node ${results.machine.node}; grey: broker, stores, emulator; blue: our code`;
  writeFileSync(jsonFile, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(chartFile, buildBarChart('Invoice pipeline bench', subtitle, chartPanels(results.sections)));
  const latencyFile = path.join(outDir, 'latency.svg');
  if (wasMeasured(results.sections.latency)) writeFileSync(latencyFile, buildLatencyChart(results.sections.latency, `${results.mode} run ${results.startedAt.slice(0, 16).replace('T', ' ')} UTC, ${results.machine.cpus} CPUs`));
  const chartPath = path.relative(path.resolve(__dirname, '..'), path.resolve(chartFile)).split(path.sep).join('/');
  const latencyChartPath = path.relative(path.resolve(__dirname, '..'), path.resolve(latencyFile)).split(path.sep).join('/');
  writeFileSync(markdownFile, buildMarkdown(results, { chartPath, latencyChartPath }));
  log(`wrote ${jsonFile}, ${chartFile}, ${markdownFile}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`[bench] failed: ${(error as Error).stack ?? String(error)}`);
    process.exit(1);
  },
);
