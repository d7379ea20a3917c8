import type { BenchResults, PipelineRun } from '../../../bench/report/results';
import { bestPipelineRun, checkTargets } from '../../../bench/report/targets';

const latency = { count: 1, p50: 1, p99: 2, max: 2, mean: 1 };
const run = (overrides: Partial<PipelineRun>): PipelineRun => ({
  batchSize: 100,
  consumers: 1,
  invoices: 1000,
  complete: true,
  committed: 1000,
  ms: 1000,
  rate: 1000,
  ratio: 0.5,
  joinMs: 10,
  invocations: 10,
  retries: 0,
  invokeLatency: latency,
  outcomes: {},
  expected: { STORED: 900, INVALID: 100 },
  cpu: [],
  ...overrides,
});

describe('bestPipelineRun', () => {
  it('picks the fastest complete run over a faster incomplete one', () => {
    const best = bestPipelineRun([run({ rate: 800 }), run({ rate: 1200, batchSize: 500 }), run({ rate: 5000, complete: false })]);

    expect(best?.batchSize).toBe(500);
  });

  it('has none for no runs', () => {
    expect(bestPipelineRun([])).toBeUndefined();
  });
});

describe('checkTargets', () => {
  const sections: BenchResults['sections'] = {
    pipeline: { invoices: 1000, runs: [run({ ratio: 0.72 })], failures: [], completion: '' },
    validation: [{ ruleSet: 'decode + full', description: '', invoices: 1, ms: 1, rate: 40_000, cpuRate: 60_000 }],
    ingest: {
      rows: [
        { path: 'in-process handler', route: 'POST /invoices', concurrency: 64, requests: 1, invoices: 1, errors: 0, requestsPerSecond: 1, invoicesPerSecond: 1, latency: { ...latency, p99: 15 } },
        { path: 'in-process publisher', route: 'POST /invoices', concurrency: 64, requests: 1, invoices: 1, errors: 0, requestsPerSecond: 1, invoicesPerSecond: 1, latency: { ...latency, p99: 25 } },
      ],
      failures: [],
    },
    coldStart: {
      packageMs: 1,
      functions: [
        { functionName: 'a', zipBytes: 400_000, importMs: 150, importCpuMs: 140, firstCallMs: 1, firstCallOutcome: '' },
        { functionName: 'b', zipBytes: 1_200_000, importMs: 420, importCpuMs: 320, firstCallMs: 1, firstCallOutcome: '' },
      ],
    },
  };

  it('holds each figure against its target', () => {
    const met = Object.fromEntries(checkTargets(sections).map((target) => [target.name, target.met]));

    expect(met).toEqual({
      'pipeline vs limit': true,
      'validation alone': true,
      'in-process publish': false,
      'deployment zip': false,
      'init (import)': false,
    });
  });

  it('holds the publish target against the publish path and shows the whole handler beside it', () => {
    const publish = checkTargets(sections).find((target) => target.name === 'in-process publish');

    expect(publish?.measured).toBe('p99 25.0 ms (whole handler p99 15.0 ms)');
  });

  it('names the function that misses a cold-start target', () => {
    const zip = checkTargets(sections).find((target) => target.name === 'deployment zip');

    expect(zip?.measured).toContain('(b)');
  });

  it('reports a target whose measure did not run as unknown, never as met', () => {
    const targets = checkTargets({ pipeline: { skipped: 'failed' } });

    expect(targets.map((target) => target.met)).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });
});
