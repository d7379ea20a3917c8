/**
 * The bench's command line: sizes as flags over two presets. The full preset is the
 * issue's (100,000 invoices, batch sizes 100/500/1000, 1 and 5 consumers); --quick
 * shrinks every size so a run takes a few minutes on a shared laptop.
 *
 *   npm run bench -- --quick
 *   npm run bench -- --n 20000 --batch-sizes 500 --consumers 1,5 --sections limits,pipeline
 *   npm run bench -- --sections admin --admin-levels 10000,100000,1000000 --admin-samples 200
 *   npm run bench -- --sections pipeline,baseline,cost --cost-n 10000
 *   npm run bench -- --sections limits,pipeline --transports kafka        (RabbitMQ runs beside Kafka by default)
 */
import { parseArgs } from 'node:util';

export const SECTIONS = ['validation', 'cold-start', 'limits', 'pipeline', 'baseline', 'cost', 'latency', 'ingest', 'admin'] as const;
export type Section = (typeof SECTIONS)[number];

export interface BenchOptions {
  mode: 'quick' | 'full';
  /** Invoices on the topic for the limits and for each pipeline run. */
  invoices: number;
  batchSizes: number[];
  consumers: number[];
  ingestConcurrency: number[];
  /** Requests per concurrency level, for a level of c concurrent clients. */
  ingestRequests: (concurrency: number) => number;
  batchItems: number;
  batchConcurrency: number[];
  batchRequests: (concurrency: number) => number;
  /** How long each validation rule set runs. */
  validationMs: number;
  /** Requests in flight in the raw store loops (the validator's own store concurrency is 16). */
  storeConcurrency: number;
  sections: Section[];
  /** Quarantine sizes the admin section preloads and measures at, smallest first. */
  adminLevels: number[];
  /** Calls per admin operation and size. */
  adminSamples: number;
  /** Invoices the cost section sends end to end through the use cases (the 90/10 mix). */
  costInvoices: number;
  /** Open-loop arrival rates of the latency section (invoices/s), and how long each runs. */
  latencyRates: number[];
  latencySeconds: number;
  /** Leave the rows the bench wrote in the shared tables (they are deleted by default). */
  keepData: boolean;
  outDir: string;
  /** The transports the limits and pipeline sections measure: Kafka and, beside it in the same run, RabbitMQ. */
  transports: Array<'kafka' | 'rabbitmq'>;
}

const FULL = {
  invoices: 100_000,
  batchSizes: [100, 500, 1000],
  consumers: [1, 5],
  ingestConcurrency: [1, 16, 64],
  ingestRequests: (concurrency: number) => Math.max(1000, 50 * concurrency),
  batchItems: 100,
  batchConcurrency: [1, 16],
  batchRequests: (concurrency: number) => Math.max(20, 10 * concurrency),
  validationMs: 3000,
  adminLevels: [10_000, 100_000, 1_000_000],
  adminSamples: 200,
  costInvoices: 10_000,
  latencyRates: [100, 500, 1000],
  latencySeconds: 60,
};

const QUICK: typeof FULL = {
  invoices: 5000,
  batchSizes: [100, 1000],
  consumers: [1, 5],
  ingestConcurrency: [1, 16, 64],
  ingestRequests: (concurrency: number) => Math.max(50, 5 * concurrency),
  batchItems: 100,
  batchConcurrency: [1, 4],
  batchRequests: (concurrency: number) => Math.max(5, 2 * concurrency),
  validationMs: 1000,
  adminLevels: [1000, 10_000],
  adminSamples: 50,
  costInvoices: 1000,
  latencyRates: [100, 500, 1000],
  latencySeconds: 5,
};

/**
 * Reads the flags (without the node and script arguments).
 *
 * @example
 * parseBenchOptions(['--quick', '--n', '2000']).invoices // 2000
 */
export function parseBenchOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      quick: { type: 'boolean', default: false },
      n: { type: 'string' },
      'batch-sizes': { type: 'string' },
      consumers: { type: 'string' },
      'ingest-concurrency': { type: 'string' },
      'ingest-requests': { type: 'string' },
      'batch-items': { type: 'string' },
      'batch-concurrency': { type: 'string' },
      'batch-requests': { type: 'string' },
      'validation-ms': { type: 'string' },
      'store-concurrency': { type: 'string' },
      'admin-levels': { type: 'string' },
      'admin-samples': { type: 'string' },
      'cost-n': { type: 'string' },
      'latency-rates': { type: 'string' },
      'latency-seconds': { type: 'string' },
      sections: { type: 'string' },
      'keep-data': { type: 'boolean', default: false },
      out: { type: 'string', default: 'bench/results' },
      transports: { type: 'string', default: 'kafka,rabbitmq' },
    },
  });
  const preset = values.quick ? QUICK : FULL;
  const fixed = (flag: string | undefined) => (flag === undefined ? undefined : positiveInt(flag, 'a request count'));
  const ingestRequests = fixed(values['ingest-requests']);
  const batchRequests = fixed(values['batch-requests']);
  return {
    mode: values.quick ? 'quick' : 'full',
    invoices: values.n ? positiveInt(values.n, '--n') : preset.invoices,
    batchSizes: values['batch-sizes'] ? intList(values['batch-sizes'], '--batch-sizes') : preset.batchSizes,
    consumers: values.consumers ? intList(values.consumers, '--consumers') : preset.consumers,
    ingestConcurrency: values['ingest-concurrency'] ? intList(values['ingest-concurrency'], '--ingest-concurrency') : preset.ingestConcurrency,
    ingestRequests: ingestRequests ? () => ingestRequests : preset.ingestRequests,
    batchItems: values['batch-items'] ? positiveInt(values['batch-items'], '--batch-items') : preset.batchItems,
    batchConcurrency: values['batch-concurrency'] ? intList(values['batch-concurrency'], '--batch-concurrency') : preset.batchConcurrency,
    batchRequests: batchRequests ? () => batchRequests : preset.batchRequests,
    validationMs: values['validation-ms'] ? positiveInt(values['validation-ms'], '--validation-ms') : preset.validationMs,
    storeConcurrency: values['store-concurrency'] ? positiveInt(values['store-concurrency'], '--store-concurrency') : 16,
    adminLevels: values['admin-levels'] ? intList(values['admin-levels'], '--admin-levels') : preset.adminLevels,
    adminSamples: values['admin-samples'] ? positiveInt(values['admin-samples'], '--admin-samples') : preset.adminSamples,
    costInvoices: values['cost-n'] ? positiveInt(values['cost-n'], '--cost-n') : preset.costInvoices,
    latencyRates: values['latency-rates'] ? intList(values['latency-rates'], '--latency-rates') : preset.latencyRates,
    latencySeconds: values['latency-seconds'] ? positiveInt(values['latency-seconds'], '--latency-seconds') : preset.latencySeconds,
    sections: values.sections ? sectionList(values.sections) : [...SECTIONS],
    keepData: values['keep-data'] ?? false,
    outDir: values.out ?? 'bench/results',
    transports: transportList(values.transports ?? 'kafka,rabbitmq'),
  };
}

function transportList(text: string): Array<'kafka' | 'rabbitmq'> {
  const list = text.split(',').map((item) => item.trim()).filter(Boolean);
  const wrong = list.filter((item) => item !== 'kafka' && item !== 'rabbitmq');
  if (wrong.length > 0 || list.length === 0) throw new Error(`--transports takes kafka and/or rabbitmq, comma-separated, not "${text}"`);
  return list as Array<'kafka' | 'rabbitmq'>;
}

function positiveInt(text: string, what: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${what} takes a whole number of at least 1, not "${text}"`);
  return value;
}

function intList(text: string, what: string): number[] {
  return text.split(',').map((item) => positiveInt(item.trim(), what));
}

function sectionList(text: string): Section[] {
  return text.split(',').map((item) => {
    const name = item.trim();
    if (!(SECTIONS as readonly string[]).includes(name)) throw new Error(`--sections takes ${SECTIONS.join(', ')}; "${name}" is none of them`);
    return name as Section;
  });
}
