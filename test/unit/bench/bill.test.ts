import { compareBills, costLine, lambdaMemoryMb, readPriceTable } from '../../../bench/report/bill';
import { latencyLine } from '../../../bench/report/final-line';
import { buildLatencyChart } from '../../../bench/report/latency-chart';
import type { BaselineResult, CostStages, LatencyResult, StageCost } from '../../../bench/report/results';
import { checkTargets } from '../../../bench/report/targets';
import { attributesSize, itemUnits } from '../../../bench/support/request-meter';

const stage = (overrides: Partial<StageCost> = {}): StageCost => ({ invocations: 0, billedMs: 0, writeUnits: 0, readUnits: 0, requests: {}, ...overrides });

/** 100 valid invoices: one ACCEPTED row and one invoice put each, one validator invocation. */
const valid: CostStages = {
  invoices: 100,
  refusedByApi: 0,
  quarantined: 0,
  api: stage({ invocations: 100, billedMs: 1000, writeUnits: 100, requests: { 'dynamodb:PutItem': 100 } }),
  validator: stage({ invocations: 1, billedMs: 100, writeUnits: 100, readUnits: 50, requests: { 'dynamodb:PutItem': 100, 'dynamodb:BatchGetItem': 1 } }),
  quarantine: stage(),
};
const invalid: CostStages = {
  invoices: 10,
  refusedByApi: 0,
  quarantined: 10,
  api: stage({ invocations: 10, billedMs: 100, writeUnits: 10 }),
  validator: stage({ invocations: 1, billedMs: 20, writeUnits: 20, requests: { 'sqs:SendMessageBatch': 1 } }),
  quarantine: stage({ invocations: 1, billedMs: 50, writeUnits: 140, requests: { 'sqs:ReceiveMessage': 1, 'sqs:DeleteMessageBatch': 1, 'sns:Publish': 1 } }),
};
const baseline: BaselineResult = { items: 1000, ms: 2000, rate: 500, valid: 900, invalid: 100, consumer: stage({ billedMs: 2000, writeUnits: 900, requests: { 'sqs:SendMessage': 100 } }) };

describe('the AWS bill per million invoices', () => {
  const prices = readPriceTable();

  it('prices every counted unit with the dated table, 90 % valid, and says the write units of each kind of invoice', () => {
    // Act
    const bill = compareBills({ valid, invalid }, baseline, prices, 512, 3.2);

    // Assess
    expect(bill.pricesDate).toBe(prices.date);
    expect(bill.ours.writeUnitsPerValid).toBe(2);
    expect(bill.ours.writeUnitsPerInvalid).toBe(17);
    const writes = bill.ours.lines.find((line) => line.item === 'DynamoDB writes');
    // 0.9 x 2 + 0.1 x 17 = 3.5 units per invoice.
    expect(writes?.quantityPerMillion).toBeCloseTo(3_500_000);
    expect(writes?.dollarsPerMillion).toBeCloseTo(3.5 * prices.dynamodb.perMillionWriteRequestUnits);
    const requests = bill.ours.lines.find((line) => line.item === 'API Gateway (REST) requests');
    expect(requests?.dollarsPerMillion).toBeCloseTo(prices.apiGateway.restPerMillionRequests);
    expect(bill.ours.dollarsPerMillion).toBeCloseTo(bill.ours.lines.reduce((sum, line) => sum + line.dollarsPerMillion, 0));
    expect(bill.baseline?.lines.find((line) => line.item === 'DynamoDB writes')?.quantityPerMillion).toBeCloseTo(900_000);
    expect(bill.fixedMonthly.length).toBeGreaterThan(0);
  });

  it('ends with the line scripts read, and holds the targets against it', () => {
    const bill = compareBills({ valid, invalid }, baseline, prices, 512, 3.2);

    expect(costLine(bill)).toMatch(/^bench: 2\.00 write units per valid invoice; cost \$\d+\.\d\d per million invoices \(baseline \$\d+\.\d\d\); throughput 3\.2x baseline$/);
    const targets = checkTargets({}, bill);
    expect(targets.find((target) => target.name === 'write units per valid invoice')?.met).toBe(true);
    expect(targets.find((target) => target.name === 'throughput vs baseline')?.met).toBe(true);
  });

  it('reads the functions memory from serverless.yml', () => {
    expect(lambdaMemoryMb()).toBe(512);
  });
});

describe('the request meter', () => {
  it('sizes an item as DynamoDB does: names and values in bytes, a number by its digits', () => {
    expect(attributesSize({ id: { S: 'abc' }, n: { N: '12345' } })).toBe(2 + 3 + 1 + 4);
    expect(itemUnits({ payload: { S: 'x'.repeat(1500) } })).toBe(2);
  });
});

describe('the latency report', () => {
  const summary = (p99: number) => ({ count: 10, p50: p99 / 2, p99, max: p99, mean: p99 / 2 });
  const result: LatencyResult = {
    seconds: 60,
    deployedWindowSeconds: 1,
    runs: [
      { path: 'http', rate: 500, windowSeconds: 0, offered: 10, achievedRate: 500, accepted: 10, refused: 0, withOutcome: 10, latency: summary(200) },
      { path: 'http', rate: 1000, windowSeconds: 1, offered: 10, achievedRate: 1000, accepted: 10, refused: 0, withOutcome: 10, latency: summary(1432.4) },
      { path: 'baseline', rate: 1000, windowSeconds: 0, offered: 10, achievedRate: 1000, accepted: 10, refused: 0, withOutcome: 10, latency: summary(900) },
    ],
  };

  it('says the p99 at 1000/s with the deployment window, and holds both latency targets', () => {
    expect(latencyLine(result)).toBe('bench: submit-to-outcome p99 1432 ms at 1000/s');
    const targets = checkTargets({ latency: result });
    expect(targets.find((target) => target.name === 'submit to outcome at 1,000/s')?.met).toBe(true);
    expect(targets.find((target) => target.name === 'submit to outcome at 500/s, window 0')?.met).toBe(true);
  });

  it('draws one line per way in, the baseline among them', () => {
    const svg = buildLatencyChart(result, 'test');

    expect(svg).toContain("seed 001's consumer");
    expect(svg).toContain('ours, POST /invoices, window 1 s');
    expect(svg.match(/<path /g)).toHaveLength(6);
  });
});
