/**
 * The targets, checked against a run's figures. A target whose measure did not
 * run is reported as unknown (met: undefined), never as met.
 */
import { adminFigures } from './final-line';
import { formatValue } from './svg-chart';
import { wasMeasured, type BenchResults, type BillComparison, type PipelineRun, type TargetCheck } from './results';

export const TARGETS = {
  pipelineRatio: 0.7,
  validationPerSecond: 50_000,
  publishP99Ms: 20,
  publishConcurrency: 64,
  zipBytes: 1_000_000,
  initMs: 300,
  adminP99Ms: 300,
  adminGrowth: 2,
  writeUnitsPerValid: 2,
  latencyOverWindowMs: 500,
  latencyWindowZeroMs: 250,
  throughputVsBaseline: 3,
} as const;

/** The rule set the validation target is held against: all the CPU work a record costs. */
export const VALIDATION_TARGET_RULE_SET = 'decode + full';

/** The fastest complete Kafka run (or the fastest Kafka run at all when none completed): the targets are the default transport's. */
export function bestPipelineRun(runs: readonly PipelineRun[]): PipelineRun | undefined {
  const complete = runs.filter((run) => run.complete && run.transport !== 'rabbitmq');
  const candidates = complete.length > 0 ? complete : runs.filter((run) => run.transport !== 'rabbitmq');
  return candidates.reduce<PipelineRun | undefined>((best, run) => (best === undefined || run.rate > best.rate ? run : best), undefined);
}

/**
 * @example
 * checkTargets(results.sections).filter((target) => target.met === false)
 */
export function checkTargets(sections: BenchResults['sections'], bill?: BillComparison): TargetCheck[] {
  return [pipelineTarget(sections), validationTarget(sections), publishTarget(sections), ...coldStartTargets(sections), ...adminTargets(sections), ...latencyTargets(sections), ...costTargets(bill)];
}

/** Issue 15: p99 from POST to outcome under the deployment's window + 500 ms at 1,000/s, and under 250 ms at 500/s with window 0. */
function latencyTargets({ latency }: BenchResults['sections']): TargetCheck[] {
  if (!wasMeasured(latency)) return [];
  const find = (rate: number, window: number, path: 'http' | 'topic') => latency.runs.find((run) => run.path === path && run.rate === rate && run.windowSeconds === window);
  const check = (name: string, rate: number, window: number, limitMs: number): TargetCheck => {
    const http = find(rate, window, 'http');
    const topic = find(rate, window, 'topic');
    const target = `p99 < ${limitMs} ms at ${rate}/s, window ${window} s`;
    if (!http || !Number.isFinite(http.latency.p99)) return { name, target, measured: 'not measured', met: undefined };
    const fromTopic = topic && Number.isFinite(topic.latency.p99) ? `; from the topic ${topic.latency.p99.toFixed(0)} ms` : '';
    return { name, target, measured: `${http.latency.p99.toFixed(0)} ms through POST /invoices (${http.withOutcome}/${http.offered} with an outcome)${fromTopic}`, met: http.latency.p99 < limitMs && http.withOutcome === http.offered };
  };
  const window = latency.deployedWindowSeconds;
  return [check('submit to outcome at 1,000/s', 1000, window, window * 1000 + TARGETS.latencyOverWindowMs), check('submit to outcome at 500/s, window 0', 500, 0, TARGETS.latencyWindowZeroMs)];
}

/** Issue 15: at most 2 write units per valid invoice end to end; ours at >= 3x the baseline's throughput and at most its cost. */
function costTargets(bill: BillComparison | undefined): TargetCheck[] {
  if (!bill) return [];
  const units = bill.ours.writeUnitsPerValid;
  const checks: TargetCheck[] = [{ name: 'write units per valid invoice', target: `<= ${TARGETS.writeUnitsPerValid}, end to end`, measured: units.toFixed(2), met: units <= TARGETS.writeUnitsPerValid }];
  if (bill.baseline) {
    const ours = bill.ours.dollarsPerMillion;
    const theirs = bill.baseline.dollarsPerMillion;
    checks.push({ name: 'cost vs baseline', target: '<= the baseline per million invoices', measured: `$${ours.toFixed(2)} vs $${theirs.toFixed(2)}`, met: ours <= theirs });
  }
  if (bill.throughputRatio !== undefined) {
    checks.push({ name: 'throughput vs baseline', target: `>= ${TARGETS.throughputVsBaseline}x`, measured: `${bill.throughputRatio.toFixed(2)}x`, met: bill.throughputRatio >= TARGETS.throughputVsBaseline });
  }
  return checks;
}

function adminTargets({ admin }: BenchResults['sections']): TargetCheck[] {
  if (!wasMeasured(admin)) return [];
  const { worstP99, growth, smallest, largest } = adminFigures(admin);
  if (!smallest || !largest) return [];
  return [
    { name: 'admin p99', target: `< ${TARGETS.adminP99Ms} ms for each operation`, measured: `${worstP99.toFixed(1)} ms at ${largest.entries} quarantined`, met: worstP99 < TARGETS.adminP99Ms },
    { name: 'admin growth', target: `p99 within ${TARGETS.adminGrowth}x`, measured: `${growth.toFixed(2)}x from ${smallest.entries} to ${largest.entries}`, met: growth <= TARGETS.adminGrowth },
  ];
}

function pipelineTarget({ pipeline }: BenchResults['sections']): TargetCheck {
  const target = `R >= ${TARGETS.pipelineRatio}`;
  const best = wasMeasured(pipeline) ? bestPipelineRun(pipeline.runs) : undefined;
  if (!best || !Number.isFinite(best.ratio)) return { name: 'pipeline vs limit', target, measured: 'not measured', met: undefined };
  return {
    name: 'pipeline vs limit',
    target,
    measured: `R = ${best.ratio.toFixed(2)} (${formatValue(best.rate)} invoices/s, batch ${best.batchSize}, ${best.consumers} consumer(s))`,
    met: best.ratio >= TARGETS.pipelineRatio,
  };
}

function validationTarget({ validation }: BenchResults['sections']): TargetCheck {
  const target = `>= ${TARGETS.validationPerSecond.toLocaleString('en-US')} invoices/s on one core`;
  const row = validation?.find((candidate) => candidate.ruleSet === VALIDATION_TARGET_RULE_SET);
  if (!row) return { name: 'validation alone', target, measured: 'not measured', met: undefined };
  // Per CPU-second: what one core does when it is ours; the wall rate also counts the
  // time other processes took the core, which on a shared machine is not the code's cost.
  return {
    name: 'validation alone',
    target,
    measured: `${formatValue(row.cpuRate)} per CPU-second (${VALIDATION_TARGET_RULE_SET}; ${formatValue(row.rate)}/s wall clock)`,
    met: row.cpuRate >= TARGETS.validationPerSecond,
  };
}

/**
 * Held against the publish path (the producer the submit handler uses, called in-process),
 * as the issue asks; the whole handler's p99 is shown beside it, since it also writes the
 * ACCEPTED row to the store and so measures the store emulator too.
 */
function publishTarget({ ingest }: BenchResults['sections']): TargetCheck {
  const target = `p99 < ${TARGETS.publishP99Ms} ms at concurrency ${TARGETS.publishConcurrency}`;
  const rowOf = (path: string) =>
    wasMeasured(ingest)
      ? ingest.rows.find((candidate) => candidate.path === path && candidate.route === 'POST /invoices' && candidate.concurrency === TARGETS.publishConcurrency)
      : undefined;
  const publisher = rowOf('in-process publisher');
  if (!publisher || publisher.latency.count === 0) return { name: 'in-process publish', target, measured: 'not measured', met: undefined };
  const handler = rowOf('in-process handler');
  const beside = handler && handler.latency.count > 0 ? ` (whole handler p99 ${handler.latency.p99.toFixed(1)} ms)` : '';
  return {
    name: 'in-process publish',
    target,
    measured: `p99 ${publisher.latency.p99.toFixed(1)} ms${beside}`,
    met: publisher.latency.p99 < TARGETS.publishP99Ms,
  };
}

function coldStartTargets({ coldStart }: BenchResults['sections']): TargetCheck[] {
  const zipTarget = `each < ${TARGETS.zipBytes / 1_000_000} MB`;
  const initTarget = `each < ${TARGETS.initMs} ms`;
  if (!wasMeasured(coldStart) || coldStart.functions.length === 0) {
    return [
      { name: 'deployment zip', target: zipTarget, measured: 'not measured', met: undefined },
      { name: 'init (import)', target: initTarget, measured: 'not measured', met: undefined },
    ];
  }
  const largest = coldStart.functions.reduce((top, row) => (row.zipBytes > top.zipBytes ? row : top));
  // CPU time, as for validation: the wall time on a shared machine also counts other processes' turns.
  const slowest = coldStart.functions.reduce((top, row) => (row.importCpuMs > top.importCpuMs ? row : top));
  return [
    { name: 'deployment zip', target: zipTarget, measured: `largest ${(largest.zipBytes / 1000).toFixed(0)} kB (${largest.functionName})`, met: largest.zipBytes < TARGETS.zipBytes },
    {
      name: 'init (import)',
      target: initTarget,
      measured: `slowest ${slowest.importCpuMs.toFixed(0)} ms CPU (${slowest.functionName}; ${slowest.importMs.toFixed(0)} ms wall clock)`,
      met: slowest.importCpuMs < TARGETS.initMs,
    },
  ];
}
