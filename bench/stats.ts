/**
 * The arithmetic of the bench: percentiles of latencies, rates and the ratio of a rate
 * to its limit. Pure, so the figures in the report can be checked by unit tests.
 */

export interface LatencySummary {
  count: number;
  p50: number;
  p99: number;
  max: number;
  mean: number;
}

/**
 * The p-th percentile (0-100) by the nearest-rank method: always one of the samples, so
 * a p99 of 100 samples is the 99th smallest, never an interpolated value nobody saw.
 *
 * @example
 * percentile([5, 1, 3, 2, 4], 50) // 3
 */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  if (p < 0 || p > 100) throw new RangeError(`percentile takes 0 to 100, not ${p}`);
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

/** p50, p99, max and mean of latencies in ms; NaN for each when there are none. */
export function summarizeLatencies(samples: readonly number[]): LatencySummary {
  if (samples.length === 0) return { count: 0, p50: Number.NaN, p99: Number.NaN, max: Number.NaN, mean: Number.NaN };
  const total = samples.reduce((sum, value) => sum + value, 0);
  return {
    count: samples.length,
    p50: percentile(samples, 50),
    p99: percentile(samples, 99),
    max: Math.max(...samples),
    mean: total / samples.length,
  };
}

/**
 * Items per second.
 *
 * @example
 * ratePerSecond(5000, 2500) // 2000
 */
export function ratePerSecond(items: number, elapsedMs: number): number {
  if (elapsedMs <= 0) return Number.NaN;
  return (items * 1000) / elapsedMs;
}

/** The limit of a pipeline: the slowest of the stages it cannot go faster than (NaN stages ignored). */
export function smallestLimit<T extends { rate: number }>(stages: readonly T[]): T | undefined {
  const measured = stages.filter((stage) => Number.isFinite(stage.rate) && stage.rate > 0);
  return measured.reduce<T | undefined>((lowest, stage) => (lowest === undefined || stage.rate < lowest.rate ? stage : lowest), undefined);
}

/** How close a rate runs to its limit (1 = at the limit); NaN when there is no limit. */
export function ratioToLimit(rate: number, limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit) || limit <= 0) return Number.NaN;
  return rate / limit;
}
