/**
 * A closed-loop load: `concurrency` clients, each sending its next request as soon as
 * the previous one answered, until `requests` were sent. Latency is per request; a
 * request that throws counts as an error and its latency is left out.
 */
import { performance } from 'node:perf_hooks';
import { ratePerSecond, summarizeLatencies, type LatencySummary } from '../stats';

export interface LoadResult {
  concurrency: number;
  requests: number;
  errors: number;
  firstError?: string;
  elapsedMs: number;
  requestsPerSecond: number;
  latency: LatencySummary;
}

/**
 * @example
 * const result = await runClosedLoop(16, 1000, (index) => post(invoice(index)));
 * result.latency.p99
 */
export async function runClosedLoop(concurrency: number, requests: number, send: (index: number) => Promise<unknown>): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let next = 0;
  const client = async () => {
    while (next < requests) {
      const index = next;
      next += 1;
      const started = performance.now();
      try {
        await send(index);
        latencies.push(performance.now() - started);
      } catch (error) {
        errors += 1;
        firstError ??= (error as Error).message;
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, requests)) }, client));
  const elapsedMs = performance.now() - started;
  return {
    concurrency,
    requests,
    errors,
    ...(firstError === undefined ? {} : { firstError: firstError.slice(0, 200) }),
    elapsedMs,
    requestsPerSecond: ratePerSecond(latencies.length, elapsedMs),
    latency: summarizeLatencies(latencies),
  };
}
