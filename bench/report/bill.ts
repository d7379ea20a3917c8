/**
 * The AWS bill per million invoices (the 90/10 mix of the corpus), from what the cost and
 * baseline sections counted and the price table bench/pricing/aws-prices-us-east-1.json
 * (one file, with its date and sources). Lambda memory is serverless.yml's.
 *
 * Ours: API Gateway and its authorizer (no result cache: `resultTtlInSeconds: 0`, so one
 * invocation per request, priced at the 1 ms floor, its time not measured), the submit
 * function, the validator and the quarantine function (their invocations and billed time),
 * DynamoDB units, SQS requests (the invalid channel, and the receives and deletes of Lambda's
 * SQS event source mapping, which AWS bills), SNS publishes.
 * The baseline: the same front door (API Gateway, authorizer, the submit function without its
 * ACCEPTED row), then its one consumer: its DynamoDB units and SQS requests, and its busy time
 * priced as Lambda duration at the same memory (as if it ran as a function; a container left
 * running would cost more at low volume). The Kafka cluster is the same fixed cost for both,
 * listed apart.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { BaselineResult, Bill, BillComparison, BillLine, CostResult, CostStages, StageCost } from './results';

export interface PriceTable {
  date: string;
  lambda: { perMillionRequests: number; perGbSecond: number };
  dynamodb: { perMillionWriteRequestUnits: number; perMillionReadRequestUnits: number };
  sqs: { perMillionRequests: number };
  sns: { perMillionPublishes: number };
  apiGateway: { restPerMillionRequests: number };
  msk: { brokerHourly: Record<string, number>; storagePerGbMonth: number; brokers: number; storageGb: number };
}

const MILLION = 1_000_000;
const VALID_SHARE = 0.9;
const HOURS_PER_MONTH = 730;

export function readPriceTable(root = process.cwd()): PriceTable {
  return JSON.parse(readFileSync(path.join(root, 'bench', 'pricing', 'aws-prices-us-east-1.json'), 'utf8')) as PriceTable;
}

/** The functions' memory (MB), from serverless.yml's provider section. */
export function lambdaMemoryMb(root = process.cwd()): number {
  const match = /^provider:[\s\S]*?^ {2}memorySize: (\d+)/m.exec(readFileSync(path.join(root, 'serverless.yml'), 'utf8'));
  return match ? Number(match[1]) : 1024;
}

interface PerInvoice {
  apiRequests: number;
  invocations: number;
  billedMs: number;
  writeUnits: number;
  readUnits: number;
  sqs: number;
  sns: number;
}

function perInvoice(stages: CostStages): PerInvoice {
  const all: StageCost[] = [stages.api, stages.validator, stages.quarantine];
  const sum = (pick: (stage: StageCost) => number) => all.reduce((total, stage) => total + pick(stage), 0) / Math.max(stages.invoices, 1);
  const requests = (prefix: string) => (stage: StageCost) => Object.entries(stage.requests).filter(([key]) => key.startsWith(prefix)).reduce((total, [, count]) => total + count, 0);
  return {
    apiRequests: 1,
    // The authorizer runs once per request too.
    invocations: sum((stage) => stage.invocations) + 1,
    billedMs: sum((stage) => stage.billedMs) + 1,
    writeUnits: sum((stage) => stage.writeUnits),
    readUnits: sum((stage) => stage.readUnits),
    sqs: sum(requests('sqs:')),
    sns: sum(requests('sns:')),
  };
}

function mix(valid: PerInvoice, invalid: PerInvoice): PerInvoice {
  const blend = (key: keyof PerInvoice) => VALID_SHARE * valid[key] + (1 - VALID_SHARE) * invalid[key];
  return { apiRequests: blend('apiRequests'), invocations: blend('invocations'), billedMs: blend('billedMs'), writeUnits: blend('writeUnits'), readUnits: blend('readUnits'), sqs: blend('sqs'), sns: blend('sns') };
}

function billOf(usage: PerInvoice, prices: PriceTable, memoryMb: number, units: Pick<Bill, 'writeUnitsPerValid' | 'writeUnitsPerInvalid' | 'readUnitsPerValid' | 'readUnitsPerInvalid'>): Bill {
  const gbSeconds = (usage.billedMs / 1000) * (memoryMb / 1024);
  const line = (item: string, perInvoiceQuantity: number, unit: string, dollarsPerUnit: number): BillLine => ({
    item,
    quantityPerMillion: perInvoiceQuantity * MILLION,
    unit,
    dollarsPerMillion: perInvoiceQuantity * MILLION * dollarsPerUnit,
  });
  const lines = [
    line('API Gateway (REST) requests', usage.apiRequests, 'requests', prices.apiGateway.restPerMillionRequests / MILLION),
    line('Lambda requests', usage.invocations, 'invocations', prices.lambda.perMillionRequests / MILLION),
    line(`Lambda duration (${memoryMb} MB)`, gbSeconds, 'GB-seconds', prices.lambda.perGbSecond),
    line('DynamoDB writes', usage.writeUnits, 'write request units', prices.dynamodb.perMillionWriteRequestUnits / MILLION),
    line('DynamoDB reads', usage.readUnits, 'read request units', prices.dynamodb.perMillionReadRequestUnits / MILLION),
    line('SQS requests', usage.sqs, 'requests', prices.sqs.perMillionRequests / MILLION),
    line('SNS publishes', usage.sns, 'publishes', prices.sns.perMillionPublishes / MILLION),
  ];
  return { lines, dollarsPerMillion: lines.reduce((sum, entry) => sum + entry.dollarsPerMillion, 0), ...units };
}

/**
 * @example
 * const bill = compareBills(cost, baseline, readPriceTable(), lambdaMemoryMb(), 2.9);
 * bill.ours.dollarsPerMillion // e.g. 4.9
 */
export function compareBills(cost: CostResult, baseline: BaselineResult | undefined, prices: PriceTable, memoryMb: number, throughputRatio?: number): BillComparison {
  const valid = perInvoice(cost.valid);
  const invalid = perInvoice(cost.invalid);
  const ours = billOf(mix(valid, invalid), prices, memoryMb, {
    writeUnitsPerValid: valid.writeUnits,
    writeUnitsPerInvalid: invalid.writeUnits,
    readUnitsPerValid: valid.readUnits,
    readUnitsPerInvalid: invalid.readUnits,
  });
  const msk = prices.msk;
  const fixedMonthly = [
    ...Object.entries(msk.brokerHourly).map(([type, hourly]) => ({ item: `MSK: ${msk.brokers} x ${type} brokers`, dollars: msk.brokers * hourly * HOURS_PER_MONTH })),
    { item: `MSK: ${msk.storageGb} GB of broker storage`, dollars: msk.storageGb * msk.storagePerGbMonth },
  ];
  if (!baseline) return { pricesDate: prices.date, ours, fixedMonthly, ...(throughputRatio ? { throughputRatio } : {}) };
  const total = Math.max(baseline.items, 1);
  const requests = (prefix: string) => Object.entries(baseline.consumer.requests).filter(([key]) => key.startsWith(prefix)).reduce((sum, [, count]) => sum + count, 0) / total;
  // The same front door: API Gateway, the authorizer and the submit function, without its DynamoDB write.
  const frontDoor = { invocations: (cost.valid.api.invocations + cost.valid.invoices) / cost.valid.invoices, billedMs: cost.valid.api.billedMs / cost.valid.invoices + 1 };
  const baselineUsage: PerInvoice = {
    apiRequests: 1,
    invocations: frontDoor.invocations,
    billedMs: frontDoor.billedMs + baseline.consumer.billedMs / total,
    writeUnits: baseline.consumer.writeUnits / total,
    readUnits: baseline.consumer.readUnits / total,
    sqs: requests('sqs:'),
    sns: 0,
  };
  const baselineBill = billOf(baselineUsage, prices, memoryMb, {
    writeUnitsPerValid: baseline.consumer.writeUnits / Math.max(baseline.valid, 1),
    writeUnitsPerInvalid: 0,
    readUnitsPerValid: 0,
    readUnitsPerInvalid: 0,
  });
  return { pricesDate: prices.date, ours, baseline: baselineBill, fixedMonthly, ...(throughputRatio ? { throughputRatio } : {}) };
}

/**
 * The bench's cost line, read by scripts.
 *
 * @example
 * costLine(bill) // 'bench: 2.00 write units per valid invoice; cost $4.91 per million invoices (baseline $4.62); throughput 3.1x baseline'
 */
export function costLine(bill: BillComparison | undefined): string {
  if (!bill) return 'bench: cost not measured';
  const baseline = bill.baseline ? `$${bill.baseline.dollarsPerMillion.toFixed(2)}` : 'not measured';
  const ratio = bill.throughputRatio ? `${bill.throughputRatio.toFixed(1)}x` : 'unknown';
  return `bench: ${bill.ours.writeUnitsPerValid.toFixed(2)} write units per valid invoice; cost $${bill.ours.dollarsPerMillion.toFixed(2)} per million invoices (baseline ${baseline}); throughput ${ratio} baseline`;
}
