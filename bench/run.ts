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
import { adminLine, finalLine } from './report/final-line';
import { buildMarkdown } from './report/markdown';
import { runNotes } from './report/notes';
import { wasMeasured, type BenchResults, type Measured } from './report/results';
import { buildBarChart } from './report/svg-chart';
import { bestPipelineRun, checkTargets } from './report/targets';
import { measureAdmin } from './sections/admin';
import { measureColdStart } from './sections/cold-start';
import { measureIngest } from './sections/ingest';
import { measureLimits } from './sections/limits';
import { measurePipeline } from './sections/pipeline';
import { measureValidation } from './sections/validation';
import { createBenchClients } from './support/bench-clients';
import { BenchKafka } from './support/bench-kafka';
import { BenchLedger } from './support/bench-ledger';
import { loadAverage, machineFacts } from './support/machine';
import { fileTimestamp, runNames } from './support/names';
import { ensureLocalStack } from './support/stack';

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
  // First, before this run loads the services: CPU only.
  if (wants('validation')) {
    bySection.validation = loadAverage();
    sections.validation = measureValidation(options.validationMs, log);
  }

  let stackSummary: string[] = ['not needed'];
  if (options.sections.some((section) => section !== 'validation')) {
    const stack = await ensureLocalStack(log);
    stackSummary = stack.summary;
    try {
      await measureOnStack(options, names, sections, bySection);
    } finally {
      await stack.stop();
    }
  }

  machine.loadAverage.end = loadAverage();
  const finishedAt = new Date();
  const best = wasMeasured(sections.pipeline) ? bestPipelineRun(sections.pipeline.runs) : undefined;
  const results: BenchResults = {
    mode: options.mode,
    command: `npm run bench${argv.length > 0 ? ` -- ${argv.join(' ')}` : ''}`,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationMs: finishedAt.getTime() - startedAt.getTime(),
    machine,
    stack: stackSummary,
    sections,
    targets: checkTargets(sections),
    notes: runNotes({ mode: options.mode, sections }),
    finalLine: finalLine(best && { invoicesPerSecond: best.rate, ratio: best.ratio }),
    ...(wasMeasured(sections.admin) ? { adminLine: adminLine(sections.admin) } : {}),
  };
  writeResults(results, options.outDir, startedAt);
  if (results.adminLine) console.log(results.adminLine);
  console.log(results.finalLine);
}

/** The sections that need the stack; each one that fails is reported as such and the others still run. */
async function measureOnStack(options: BenchOptions, names: ReturnType<typeof runNames>, sections: BenchResults['sections'], bySection: Record<string, number>): Promise<void> {
  const wants = (section: Section) => options.sections.includes(section);
  const kafka = new BenchKafka();
  await kafka.connect();
  const clients = createBenchClients();
  const ledger = new BenchLedger(clients.documents);
  const tmpDir = mkdtempSync(path.join(os.tmpdir(), 'invoice-bench-'));
  const context = { kafka, clients, names, ledger, log, tmpDir, keepData: options.keepData };
  try {
    if (wants('cold-start')) sections.coldStart = await attempt('cold start', () => measureColdStart(context), bySection);
    if (wants('limits')) sections.limits = await attempt('limits', () => measureLimits(context, options.invoices, options.storeConcurrency), bySection);
    if (wants('pipeline')) {
      const limitRate = wasMeasured(sections.limits) ? sections.limits.limit.rate : undefined;
      sections.pipeline = await attempt('pipeline', () =>
        measurePipeline(context, { invoices: options.invoices, batchSizes: options.batchSizes, consumers: options.consumers, limitRate }),
        bySection,
      );
    }
    // Last: its preload is the heaviest write of the run, and it measures reads, not throughput.
    if (wants('admin')) sections.admin = await attempt('admin', () => measureAdmin(context, { levels: options.adminLevels, samples: options.adminSamples }), bySection);
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
        bySection,
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

async function attempt<T>(name: string, measure: () => Promise<T>, bySection?: Record<string, number>): Promise<Measured<T>> {
  if (bySection) bySection[name] = loadAverage();
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
  const chartPath = path.relative(path.resolve(__dirname, '..'), path.resolve(chartFile)).split(path.sep).join('/');
  writeFileSync(markdownFile, buildMarkdown(results, { chartPath }));
  log(`wrote ${jsonFile}, ${chartFile}, ${markdownFile}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`[bench] failed: ${(error as Error).stack ?? String(error)}`);
    process.exit(1);
  },
);
