import { buildMarkdown, table } from '../../../bench/report/markdown';
import type { BenchResults } from '../../../bench/report/results';

const latency = { count: 10, p50: 4, p99: 12, max: 12, mean: 5 };
const results: BenchResults = {
  mode: 'quick',
  command: 'npm run bench -- --quick',
  startedAt: '2026-11-24T13:00:00.000Z',
  finishedAt: '2026-11-24T13:05:00.000Z',
  durationMs: 300_000,
  machine: { cpus: 2, cpuModel: 'Test CPU', memoryGiB: 23.5, os: 'Linux', node: 'v22.23.3', kafka: 'Apache Kafka 4.1.1', kcat: 'kcat 1.7.1', loadAverage: { start: 1, end: 2, bySection: { validation: 1, limits: 1.5 } } },
  stack: ['every service already running'],
  sections: {
    limits: {
      invoices: 5000,
      brokerProduce: { skipped: 'kcat is not installed' },
      brokerConsume: { skipped: 'kcat is not installed' },
      dynamodb: { items: 4500, ms: 2000, rate: 2250 },
      sqs: { items: 500, ms: 500, rate: 1000 },
      stores: { items: 5000, ms: 2000, rate: 2500 },
      limit: { rate: 2500, by: 'store writes' },
    },
    ingest: {
      rows: [{ path: 'serverless-offline HTTP', route: 'POST /invoices', concurrency: 1, requests: 10, invoices: 10, errors: 0, requestsPerSecond: 80, invoicesPerSecond: 80, latency }],
      failures: ['in-process handler and publisher: boom'],
    },
  },
  targets: [{ name: 'pipeline vs limit', target: 'R >= 0.7', measured: 'not measured', met: undefined }],
  notes: ['a note'],
  finalLine: 'bench: pipeline not measured',
};

describe('buildMarkdown', () => {
  const markdown = buildMarkdown(results, { chartPath: 'bench/results/latest.svg' });

  it('is a Performance section that shows the chart, the machine and the command', () => {
    expect(markdown.startsWith('## Performance\n')).toBe(true);
    expect(markdown).toContain('](bench/results/latest.svg)');
    expect(markdown).toContain('2 x Test CPU');
    expect(markdown).toContain('`npm run bench -- --quick`');
    expect(markdown).toContain('**Quick run**');
  });

  it('says how loaded the shared machine was as each section began', () => {
    expect(markdown).toContain('| load average (1 min) as each section began | validation 1.00, limits 1.50 |');
  });

  it('puts the limits beside each other and says why one was skipped', () => {
    expect(markdown).toContain('| broker consume | skipped |  |  | kcat is not installed |');
    expect(markdown).toContain('**Pipeline limit: 2,500 invoices/s** (store writes');
  });

  it('lists what could not be measured and ends with the last line', () => {
    expect(markdown).toContain('Not measured: in-process handler and publisher: boom');
    expect(markdown.trim().endsWith('bench: pipeline not measured\n```')).toBe(true);
  });
});

describe('buildMarkdown with pipeline runs', () => {
  const run = {
    batchSize: 500,
    consumers: 5,
    invoices: 5000,
    complete: true,
    committed: 5000,
    ms: 2000,
    rate: 2500,
    ratio: 0.5,
    joinMs: 100,
    invocations: 10,
    retries: 0,
    invokeLatency: latency,
    outcomes: { STORED: 4500, INVALID: 500 },
    expected: { STORED: 4500, INVALID: 500 },
    cpu: [
      { part: 'DynamoDB Local', cores: 0.97 },
      { part: 'serverless-offline (validator)', cores: 0.456 },
    ],
  };

  it('shows which part of the stack kept the CPU busy in each run', () => {
    const withPipeline = { ...results, sections: { ...results.sections, pipeline: { invoices: 5000, runs: [run, { ...run, consumers: 1, cpu: [] }], failures: [], completion: 'all committed' } } };
    const markdown = buildMarkdown(withPipeline, { chartPath: 'x.svg' });
    expect(markdown).toContain('| batch size | consumers | DynamoDB Local | serverless-offline (validator) |');
    expect(markdown).toContain('| 500 | 5 | 0.97 | 0.46 |');
    expect(markdown).toContain('| 500 | 1 | 0.00 | 0.00 |');
  });

  it('leaves the CPU table out when no run could read it', () => {
    const withPipeline = { ...results, sections: { ...results.sections, pipeline: { invoices: 5000, runs: [{ ...run, cpu: [] }], failures: [], completion: 'all committed' } } };
    expect(buildMarkdown(withPipeline, { chartPath: 'x.svg' })).not.toContain('CPU while each run');
  });
});

describe('table', () => {
  it('escapes pipes inside cells', () => {
    expect(table(['a'], [['x|y']])).toBe('| a |\n| --- |\n| x\\|y |');
  });
});
