/**
 * Section 5, cold start: each function's deployment zip from `osls package` (on a copy
 * of the project), and its init in a fresh `node`: the require of the bundled handler,
 * then its first invocation, timed apart. The bundles carry everything, the AWS SDK too, and
 * the probe gets no node_modules: what it loads is what Lambda would load.
 * Each function is probed in rounds of a few runs, until the import medians of the last three
 * rounds agree within 10 % (a shared machine's noise passes; up to a round limit): the
 * median of those three rounds is kept, and how many rounds it took.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildValidInvoices, type BenchInvoice } from '../corpus/invoice-corpus';
import type { ColdStartResult, ColdStartRow } from '../report/results';
import { percentile } from '../stats';
import type { BenchKafka } from '../support/bench-kafka';
import type { BenchLedger } from '../support/bench-ledger';
import type { RunNames } from '../support/names';
import { acceptedMessageIds } from './ingest-plan';
import { packageCopy, type PackagedFunction } from './package-copy';
import { probeEvent } from './probe-events';

const PROBE = path.join(__dirname, 'init-probe.cjs');
const PROBE_RUNS = 3;
const AGREEING_ROUNDS = 3;
const MAX_ROUNDS = 6;
const AGREEMENT = 1.1;

interface ProbeOutput {
  importMs: number;
  importCpuMs: number;
  firstCallMs: number;
  outcome: string;
  body?: string;
}

export interface ColdStartContext {
  kafka: BenchKafka;
  names: RunNames;
  ledger: BenchLedger;
  log: (line: string) => void;
}

export async function measureColdStart(context: ColdStartContext): Promise<ColdStartResult> {
  if (spawnSync('unzip', ['-v'], { stdio: 'ignore' }).status !== 0) throw new Error('unzip is not installed (Debian: apt-get install unzip)');
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'invoice-bench-package-'));
  await context.kafka.createTopic(context.names.coldStartTopic);
  try {
    const packaged = await packageCopy(workDir);
    context.log(`cold start: osls package took ${Math.round(packaged.ms)} ms for ${packaged.functions.length} functions`);
    const perFunction = PROBE_RUNS * MAX_ROUNDS;
    const invoices = buildValidInvoices(context.names.invoiceTag('cold'), packaged.functions.length * perFunction, new Date());
    const rows: ColdStartRow[] = [];
    for (const [index, fn] of packaged.functions.entries()) {
      const row = await probeFunction(context, fn, path.join(workDir, 'unzipped', fn.key), invoices.slice(index * perFunction, (index + 1) * perFunction));
      context.log(`cold start ${row.functionName}: zip ${Math.round(row.zipBytes / 1000)} kB, import ${Math.round(row.importMs)} ms (${Math.round(row.importCpuMs)} ms CPU), first call ${Math.round(row.firstCallMs)} ms (${row.firstCallOutcome}); ${row.rounds} rounds${row.settled ? '' : ', medians still apart'}`);
      rows.push(row);
    }
    return { packageMs: packaged.ms, functions: rows };
  } finally {
    await context.kafka.deleteTopics([context.names.coldStartTopic]);
    rmSync(workDir, { recursive: true, force: true });
  }
}

async function probeFunction(context: ColdStartContext, fn: PackagedFunction, dir: string, invoices: BenchInvoice[]): Promise<ColdStartRow> {
  mkdirSync(dir, { recursive: true });
  const unzip = spawnSync('unzip', ['-q', '-o', fn.zipFile, '-d', dir], { encoding: 'utf8' });
  if (unzip.status !== 0) throw new Error(`could not unzip ${fn.zipFile}: ${unzip.stderr}`);
  const rounds: ProbeOutput[][] = [];
  const median = (outputs: ProbeOutput[], pick: (output: ProbeOutput) => number) => percentile(outputs.map(pick), 50);
  const agree = () => {
    const last = rounds.slice(-AGREEING_ROUNDS).map((round) => median(round, (output) => output.importMs));
    return last.length === AGREEING_ROUNDS && Math.max(...last) <= AGREEMENT * Math.min(...last);
  };
  while (rounds.length < MAX_ROUNDS && !agree()) {
    const round: ProbeOutput[] = [];
    for (const invoice of invoices.slice(rounds.length * PROBE_RUNS, (rounds.length + 1) * PROBE_RUNS)) {
      const output = await runProbe(fn, dir, probeEvent(fn.events, invoice), context.names.coldStartTopic);
      context.ledger.addMessages(messageIdsOf(output));
      round.push(output);
    }
    rounds.push(round);
  }
  // The median of the kept rounds' medians.
  const kept = rounds.slice(-AGREEING_ROUNDS);
  const figure = (pick: (output: ProbeOutput) => number) => percentile(kept.map((round) => median(round, pick)), 50);
  const outputs = kept.flat();
  return {
    functionName: fn.key,
    zipBytes: statSync(fn.zipFile).size,
    importMs: figure((output) => output.importMs),
    importCpuMs: figure((output) => output.importCpuMs),
    firstCallMs: figure((output) => output.firstCallMs),
    firstCallOutcome: [...new Set(outputs.map((output) => output.outcome))].join('; '),
    rounds: rounds.length,
    settled: agree(),
  };
}

function runProbe(fn: PackagedFunction, dir: string, event: unknown, topic: string): Promise<ProbeOutput> {
  const env = {
    ...process.env,
    ...fn.environment,
    INVOICES_TOPIC: topic,
    BENCH_PROBE_EVENT: JSON.stringify(event),
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [PROBE, path.join(dir, `${fn.handlerModule}.js`), fn.handlerExport], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    child.once('error', reject);
    child.once('close', () => {
      // The handlers log JSON lines too; the probe's own line is the last one.
      const line = stdout.trim().split('\n').reverse().find((candidate) => candidate.includes('"importMs"'));
      if (line) resolve(JSON.parse(line) as ProbeOutput);
      else reject(new Error(`the init probe of ${fn.key} printed no result: ${stderr.trim()}`));
    });
  });
}

function messageIdsOf(output: ProbeOutput): string[] {
  if (!output.body || output.outcome !== 'HTTP 202') return [];
  try {
    return acceptedMessageIds(202, output.body);
  } catch {
    return [];
  }
}
