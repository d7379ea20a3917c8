/**
 * The shape of bench/results/<timestamp>.json: every figure of a run with the machine it
 * ran on. The markdown summary and the chart are both built from this and nothing else.
 */
import type { LatencySummary } from '../stats';
import type { PartCpu } from '../support/process-cpu';

export interface MachineFacts {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  os: string;
  node: string;
  kafka: string;
  kcat: string;
  /** 1-minute load average when the run started and ended: the machine is shared. */
  loadAverage: { start: number; end?: number; /** At the start of each section that ran, in the order they ran. */ bySection?: Record<string, number> };
  /** Before each section on the stack: how long the bench waited for the stack to go idle, and whether it did. */
  stackIdle?: Record<string, { waitedMs: number; idle: boolean; cores: number }>;
}

export type Measured<T> = T | { skipped: string };

export interface Throughput {
  items: number;
  ms: number;
  rate: number;
}

export interface LimitsResult {
  invoices: number;
  brokerProduce: Measured<Throughput>;
  brokerConsume: Measured<Throughput>;
  /** DynamoDB BatchWriteItem of the valid invoices, measured while SQS ran alongside. */
  dynamodb: Throughput;
  /** SQS SendMessageBatch of the invalid invoices' messages. */
  sqs: Throughput;
  /** Every invoice in its store, both loops at once: invoices / wall time. */
  stores: Throughput;
  /** The writes the validator makes for the same invoices, by its own adapters, no Kafka or Lambda (absent in older results). */
  validatorWrites?: Throughput & { batchSize: number; inFlight: number; cpu: PartCpu[]; writeModes?: WriteModeRun[] };
  limit: { rate: number; by: string };
  /** RabbitMQ's own limit (PerfTest), and the smaller of it and the stores: what the RabbitMQ runs are held to. */
  rabbitMqPublish?: Measured<Throughput>;
  rabbitMqConsume?: Measured<Throughput>;
  rabbitMqLimit?: { rate: number; by: string };
}

/** The validator's writes with one way of writing the invoices: speed here, and what AWS would bill. */
export interface WriteModeRun extends Throughput {
  mode: 'conditional-puts' | 'transactions';
  /** The validator's writes for a valid invoice (the invoice; no outcome row), by AWS's formulas. */
  awsWriteUnitsPerValid: number;
  /** The invoice alone, by AWS's formulas. */
  awsInvoiceWriteUnitsPerValid: number;
  /** The invoice table's units as DynamoDB Local reported them. */
  localUnitsPerValid: number;
}

export interface PipelineRun {
  /** The transport the run went through; absent (older results) is Kafka. */
  transport?: 'kafka' | 'rabbitmq';
  batchSize: number;
  consumers: number;
  invoices: number;
  /** All records committed (the criterion), or how far it got before the stall timeout. */
  complete: boolean;
  committed: number;
  ms: number;
  rate: number;
  ratio: number;
  /** From starting the members to the first invocation (group join), outside `ms`. */
  joinMs: number;
  invocations: number;
  retries: number;
  invokeLatency: LatencySummary;
  /** Outcome rows read back from InvoiceMessages after the clock stopped. */
  outcomes: Record<string, number>;
  expected: { STORED: number; INVALID: number };
  /** Cores each part of the stack kept busy while the run was timed (Linux; empty elsewhere). */
  cpu: PartCpu[];
}

export interface PipelineResult {
  invoices: number;
  runs: PipelineRun[];
  /** Configurations that could not be measured, with why. */
  failures: string[];
  completion: string;
}

export interface IngestRow {
  path: 'serverless-offline HTTP' | 'in-process handler' | 'in-process publisher';
  route: 'POST /invoices' | 'POST /invoices/batch';
  concurrency: number;
  requests: number;
  invoices: number;
  errors: number;
  firstError?: string;
  requestsPerSecond: number;
  invoicesPerSecond: number;
  latency: LatencySummary;
}

export interface IngestResult {
  rows: IngestRow[];
  /** Parts that could not be measured, with why; the other rows still stand. */
  failures: string[];
}

export interface ValidationRow {
  ruleSet: string;
  description: string;
  invoices: number;
  ms: number;
  rate: number;
  /** Invoices per second of CPU time this process used: steadier on a shared machine. */
  cpuRate: number;
}

export interface ColdStartRow {
  functionName: string;
  zipBytes: number;
  importMs: number;
  /** CPU time of the import: what it costs when the process has a core to itself. */
  importCpuMs: number;
  firstCallMs: number;
  firstCallOutcome: string;
  /** Rounds of probes it took for the last three rounds' import medians to agree within 10 % (absent in older results). */
  rounds?: number;
  /** Whether they did agree before the round limit. */
  settled?: boolean;
}

export interface ColdStartResult {
  packageMs: number;
  functions: ColdStartRow[];
}

export type AdminOperation = 'firstPage' | 'rareCodePage' | 'counts' | 'detail' | 'resend';

export interface AdminLevel {
  /** Entries in the quarantine while measured. */
  entries: number;
  preloadMs: number;
  /** Entries carrying the rare code, and how many its first page showed. */
  rareCodeEntries: number;
  rareCodeFirstPage: number;
  operations: Record<AdminOperation, LatencySummary>;
}

export interface AdminResult {
  /** Calls measured per operation and size. */
  samples: number;
  rareCode: string;
  shards: number;
  levels: AdminLevel[];
}

export interface TargetCheck {
  name: string;
  target: string;
  measured: string;
  met: boolean | undefined;
}

export interface BenchResults {
  mode: 'quick' | 'full';
  command: string;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  machine: MachineFacts;
  stack: string[];
  sections: {
    validation?: ValidationRow[];
    coldStart?: Measured<ColdStartResult>;
    limits?: Measured<LimitsResult>;
    pipeline?: Measured<PipelineResult>;
    ingest?: Measured<IngestResult>;
    admin?: Measured<AdminResult>;
    cost?: Measured<CostResult>;
    baseline?: Measured<BaselineResult>;
    latency?: Measured<LatencyResult>;
  };
  /** The AWS bill per million invoices, ours and the baseline's, when the cost section ran. */
  bill?: BillComparison;
  targets: TargetCheck[];
  notes: string[];
  finalLine: string;
  /** `bench: admin p99 ...`, when the admin section ran. */
  adminLine?: string;
  /** `bench: <U> write units per valid invoice; cost $<C> ...`, when the cost section ran. */
  costLine?: string;
  /** `bench: submit-to-outcome p99 <N> ms at 1000/s`, when the latency section ran. */
  latencyLine?: string;
}

/** One open-loop run: `rate` POST /invoices a second, scheduled, with the trigger's window at `windowSeconds`. */
export interface LatencyRun {
  /** How the invoices came in: POST /invoices, produced to the topic, or the seed's design from its topic. */
  path: 'http' | 'topic' | 'baseline';
  rate: number;
  windowSeconds: number;
  offered: number;
  /** Requests sent per second, as the schedule was kept (the sender may fall behind). */
  achievedRate: number;
  accepted: number;
  /** Not answered 202 (a 503 when Kafka could not take it, or no answer). */
  refused: number;
  withOutcome: number;
  /** From each request's scheduled time to its outcome, ms. */
  latency: LatencySummary;
}

export interface LatencyResult {
  seconds: number;
  deployedWindowSeconds: number;
  runs: LatencyRun[];
}

/** What one stage of the pipeline asked AWS for, over the cost section's invoices. */
export interface StageCost {
  /** Lambda invocations, and their billed time (each call's time here, rounded up to 1 ms). */
  invocations: number;
  billedMs: number;
  writeUnits: number;
  readUnits: number;
  /** `<service>:<operation>` -> billed requests. */
  requests: Record<string, number>;
}

export interface CostStages {
  /** Invoices sent through the stages (and so requests through API Gateway and its authorizer). */
  invoices: number;
  /** Not a JSON object: refused with 400 by the API, nothing further. */
  refusedByApi: number;
  quarantined: number;
  api: StageCost;
  validator: StageCost;
  quarantine: StageCost;
}

/** The valid invoices and the invalid ones, each through every stage on its own, so each kind's cost is exact. */
export interface CostResult {
  valid: CostStages;
  invalid: CostStages;
}

/** Seed 001's design: one kafkajs eachMessage consumer, a conditional PutItem per valid invoice, a SendMessage per invalid one. */
export interface BaselineResult extends Throughput {
  valid: number;
  invalid: number;
  /** The consumer's own work, counted as StageCost (its busy time as billedMs). */
  consumer: StageCost;
}

/** One line of a bill: what it is for, how many per million invoices, and what that costs. */
export interface BillLine {
  item: string;
  quantityPerMillion: number;
  unit: string;
  dollarsPerMillion: number;
}

export interface Bill {
  lines: BillLine[];
  dollarsPerMillion: number;
  writeUnitsPerValid: number;
  writeUnitsPerInvalid: number;
  readUnitsPerValid: number;
  readUnitsPerInvalid: number;
}

export interface BillComparison {
  pricesDate: string;
  ours: Bill;
  baseline?: Bill;
  /** Fixed costs, whatever the volume (the Kafka cluster), per month. */
  fixedMonthly: Array<{ item: string; dollars: number }>;
  /** Our best pipeline throughput over the baseline's, in the same run. */
  throughputRatio?: number;
}

/** True when a section or measure ran (it is not `{ skipped }`). */
export function wasMeasured<T extends object>(value: Measured<T> | undefined): value is T {
  return value !== undefined && !('skipped' in value);
}
