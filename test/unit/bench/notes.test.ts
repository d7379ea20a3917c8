import type { BenchResults, IngestRow, PipelineRun } from '../../../bench/report/results';
import { runNotes } from '../../../bench/report/notes';

const latency = (p50: number, p99: number) => ({ count: 10, p50, p99, max: p99, mean: p50 });
const row = (path: IngestRow['path'], concurrency: number, p50: number, rps: number): IngestRow => ({
  path,
  route: 'POST /invoices',
  concurrency,
  requests: 10,
  invoices: 10,
  errors: 0,
  requestsPerSecond: rps,
  invoicesPerSecond: rps,
  latency: latency(p50, p50 * 2),
});
const run: PipelineRun = {
  batchSize: 1000,
  consumers: 1,
  invoices: 6000,
  complete: true,
  committed: 6000,
  ms: 3000,
  rate: 2000,
  ratio: 0.25,
  joinMs: 10,
  invocations: 6,
  retries: 0,
  invokeLatency: latency(2500, 2600),
  outcomes: {},
  expected: { STORED: 5400, INVALID: 600 },
  cpu: [],
};

describe('runNotes', () => {
  const notes = runNotes({
    mode: 'full',
    sections: {
      pipeline: { invoices: 6000, runs: [run], failures: [], completion: '' },
      ingest: {
        rows: [row('serverless-offline HTTP', 1, 7.5, 120), row('in-process handler', 1, 5, 180), row('in-process publisher', 1, 1, 900), row('in-process publisher', 64, 48, 1100)],
        failures: [],
      },
    },
  } satisfies Pick<BenchResults, 'mode' | 'sections'>);

  it('works out the ceiling one batch per partition puts on the pipeline', () => {
    // 1000 records in 2.5 s per invocation = 400/s; 6 partitions = 2400/s.
    expect(notes.join('\n')).toContain('1,000 records in 2,500 ms (p50), 400 records/s each; with at most 6 in flight that is a ceiling of about 2,400 invoices/s');
  });

  it('shows the share of the emulator in one request', () => {
    expect(notes.join('\n')).toContain("7.5 ms (p50) through serverless-offline against 5.0 ms for the same handler in-process: the emulator's share is 2.5 ms");
  });

  it('compares a publish alone with publishes sharing the producer', () => {
    expect(notes.join('\n')).toContain('A publish alone takes 1.0 ms (p50); with 64 at once 48.0 ms (p99 96.0 ms), 1,100 publishes/s against 900 one at a time.');
  });

  it('sets the best run against the stores written as the validator writes them, and names the busiest process', () => {
    const limits = {
      invoices: 6000,
      brokerProduce: { skipped: 'no kcat' },
      brokerConsume: { skipped: 'no kcat' },
      dynamodb: { items: 5400, ms: 500, rate: 10800 },
      sqs: { items: 600, ms: 200, rate: 3000 },
      stores: { items: 6000, ms: 500, rate: 12000 },
      validatorWrites: { items: 6000, ms: 2400, rate: 2500, batchSize: 500, inFlight: 6, cpu: [{ part: 'DynamoDB Local', cores: 1.01 }] },
      limit: { rate: 12000, by: 'store writes' },
    };
    const busy = { ...run, cpu: [{ part: 'DynamoDB Local', cores: 0.964 }, { part: 'LocalStack', cores: 0.1 }] };
    const text = runNotes({ mode: 'full', sections: { limits, pipeline: { invoices: 6000, runs: [busy], failures: [], completion: '' } } }).join('\n');
    expect(text).toContain('written as the validator writes them, take 2,500 invoices/s (DynamoDB Local busy 1.01 cores meanwhile), and the best run reached 0.80 of that');
    expect(text).toContain('the busiest process was DynamoDB Local, at 0.96 cores on average');
  });

  it('says nothing of a bottleneck it did not measure', () => {
    const text = runNotes({ mode: 'full', sections: { pipeline: { invoices: 6000, runs: [run], failures: [], completion: '' } } }).join('\n');
    expect(text).not.toContain('Pipeline bottleneck');
  });

  it('says a quick run is not the run to quote', () => {
    expect(runNotes({ mode: 'quick', sections: {} })[0]).toContain('Quick run');
  });
});
