/**
 * The bench's last line, the one figure to remember:
 * `bench: pipeline X invoices/s = R of limit` for the best pipeline configuration.
 * Scripts grep for it, so its wording never changes.
 */

export interface BestPipeline {
  invoicesPerSecond: number;
  /** invoicesPerSecond divided by the pipeline's limit; NaN when the limit is unknown. */
  ratio: number;
}

import type { AdminResult, LatencyResult, LatencyRun } from './results';

/**
 * The admin section's line: the worst p99 of its operations at the largest size, and the
 * worst growth of a p99 from the smallest size to the largest.
 *
 * @example
 * adminLine(result) // 'bench: admin p99 41 ms at 1000000 quarantined (growth 1.3x from 10000)'
 */
export function adminLine(result: AdminResult): string {
  const { worstP99, growth, smallest, largest } = adminFigures(result);
  if (!largest || !smallest) return 'bench: admin not measured';
  return `bench: admin p99 ${Math.round(worstP99)} ms at ${largest.entries} quarantined (growth ${growth.toFixed(1)}x from ${smallest.entries})`;
}

/** The figures the admin line and the targets read: worst p99 at the largest size, worst p99 ratio largest/smallest. */
export function adminFigures(result: AdminResult): { worstP99: number; growth: number; smallest?: AdminResult['levels'][number]; largest?: AdminResult['levels'][number] } {
  const levels = [...result.levels].sort((a, b) => a.entries - b.entries);
  const smallest = levels[0];
  const largest = levels.at(-1);
  if (!smallest || !largest) return { worstP99: Number.NaN, growth: Number.NaN };
  const operations = Object.keys(largest.operations) as Array<keyof typeof largest.operations>;
  const worstP99 = Math.max(...operations.map((name) => largest.operations[name].p99));
  const growth = Math.max(...operations.map((name) => largest.operations[name].p99 / smallest.operations[name].p99));
  return { worstP99, growth, smallest, largest };
}

/**
 * @example
 * finalLine({ invoicesPerSecond: 812.4, ratio: 0.4134 }) // 'bench: pipeline 812 invoices/s = 0.41 of limit'
 * finalLine(undefined)                                  // 'bench: pipeline not measured'
 */
export function finalLine(best: BestPipeline | undefined): string {
  if (!best || !Number.isFinite(best.invoicesPerSecond)) return 'bench: pipeline not measured';
  const ratio = Number.isFinite(best.ratio) ? best.ratio.toFixed(2) : 'unknown';
  return `bench: pipeline ${Math.round(best.invoicesPerSecond)} invoices/s = ${ratio} of limit`;
}

/** The run at this rate with the deployment's window, if there was one. */
export function deployedWindowRun(result: LatencyResult, rate: number): LatencyRun | undefined {
  return result.runs.find((run) => run.path === 'http' && run.rate === rate && run.windowSeconds === result.deployedWindowSeconds);
}

/**
 * The latency line, read by scripts: p99 from POST to outcome at 1000 invoices/s with the
 * deployment's batching window.
 *
 * @example
 * latencyLine(result) // 'bench: submit-to-outcome p99 1432 ms at 1000/s'
 */
export function latencyLine(result: LatencyResult): string {
  const run = deployedWindowRun(result, 1000);
  if (!run || !Number.isFinite(run.latency.p99)) return 'bench: submit-to-outcome not measured at 1000/s';
  return `bench: submit-to-outcome p99 ${Math.round(run.latency.p99)} ms at 1000/s`;
}
