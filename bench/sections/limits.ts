/**
 * Section 1, limits: the same invoices, raw, through the broker (kcat produce and
 * consume on a bench topic; with RabbitMQ in the run, PerfTest publish and consume on a bench
 * quorum queue) and into the stores (batched writes to a bench table and
 * queue). The pipeline cannot beat the smaller of broker consume and store write.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildCorpus } from '../corpus/invoice-corpus';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { AWS_CLIENT_OPTIONS } from '../../lib/adapters/aws-client-options';
import { DEFAULT_INVOICE_WRITE_MODE, type InvoiceWriteMode } from '../../lib/adapters/dynamodb/dynamodb-invoice-store';
import { buildStoreItems, type ValidatorWrites } from '../corpus/store-items';
import { CapacityMeter } from '../support/capacity-meter';
import { writeUnits } from '../support/dynamodb-units';
import type { LimitsResult, Measured, Throughput, WriteModeRun } from '../report/results';
import { ratePerSecond, smallestLimit } from '../stats';
import type { BenchClients } from '../support/bench-clients';
import type { BenchKafka } from '../support/bench-kafka';
import { kcatConsume, kcatProduce, writeKcatInput } from '../support/kcat';
import { kcatVersion } from '../support/machine';
import type { RunNames } from '../support/names';
import { cpuBetween, sampleCpu } from '../support/process-cpu';
import { createBenchStores, sendMessagesRaw, writeAsValidatorRaw, writeItemsRaw } from './store-writes';
import { connect } from 'amqplib';
import { perfTestLimits } from '../support/perf-test';

export interface LimitsContext {
  kafka: BenchKafka;
  clients: BenchClients;
  names: RunNames;
  tmpDir: string;
  log: (line: string) => void;
}

export async function measureLimits(context: LimitsContext, invoices: number, storeConcurrency: number, transports: Array<'kafka' | 'rabbitmq'> = ['kafka']): Promise<LimitsResult> {
  const { log, names } = context;
  const now = new Date();
  const corpus = buildCorpus({ runTag: names.invoiceTag('raw'), count: invoices, submittedAt: now });
  const broker = await measureBroker(context, corpus);
  log(`limits broker: produce ${describe(broker.produce)}, consume ${describe(broker.consume)}`);
  const items = buildStoreItems(corpus, names.rawTopic, now);
  const stores = await measureStores(context, items, invoices, storeConcurrency);
  log(`limits stores: DynamoDB ${describe(stores.dynamodb)}, SQS ${describe(stores.sqs)}, together ${describe(stores.stores)}`);
  const validatorWrites = await measureValidatorWrites(context, items);
  log(`limits stores, written as the validator writes them: ${describe(validatorWrites)}; CPU cores ${validatorWrites.cpu.map(({ part, cores }) => `${part} ${cores.toFixed(2)}`).join(', ')}`);
  const consumeRate = 'rate' in broker.consume ? broker.consume.rate : Number.NaN;
  const limit = smallestLimit([
    { rate: consumeRate, by: 'broker consume (kcat)' },
    { rate: stores.stores.rate, by: 'store writes' },
  ]) ?? { rate: Number.NaN, by: 'nothing measured' };
  if (!transports.includes('rabbitmq')) return { invoices, brokerProduce: broker.produce, brokerConsume: broker.consume, ...stores, validatorWrites, limit };
  const rabbitMq = await measureRabbitMqBroker(context, corpus);
  log(`limits RabbitMQ (PerfTest): publish ${describe(rabbitMq.publish)}, consume ${describe(rabbitMq.consume)}`);
  const rabbitMqLimit = smallestLimit([
    { rate: 'rate' in rabbitMq.consume ? rabbitMq.consume.rate : Number.NaN, by: 'RabbitMQ consume (PerfTest)' },
    { rate: stores.stores.rate, by: 'store writes' },
  ]) ?? { rate: Number.NaN, by: 'nothing measured' };
  return { invoices, brokerProduce: broker.produce, brokerConsume: broker.consume, ...stores, validatorWrites, limit, rabbitMqPublish: rabbitMq.publish, rabbitMqConsume: rabbitMq.consume, rabbitMqLimit };
}

/** RabbitMQ's own limit with PerfTest, on a quorum queue of the run's, messages of the corpus's mean size; the queue is deleted after. */
async function measureRabbitMqBroker(context: LimitsContext, corpus: ReturnType<typeof buildCorpus>): Promise<{ publish: Measured<Throughput>; consume: Measured<Throughput> }> {
  const uri = process.env.RABBITMQ_URL ?? '';
  const queue = `${context.names.rawTopic}-rabbitmq`;
  const messageBytes = Math.round(corpus.reduce((sum, invoice) => sum + invoice.value.length, 0) / Math.max(1, corpus.length));
  try {
    const { publish, consume } = await perfTestLimits({ uri, queue, messages: corpus.length, messageBytes, log: context.log });
    return { publish, consume };
  } catch (error) {
    const skipped = `PerfTest failed: ${(error as Error).message.slice(0, 300)}`;
    context.log(`limits RabbitMQ: ${skipped}`);
    return { publish: { skipped }, consume: { skipped } };
  } finally {
    const connection = await connect(uri).catch(() => undefined);
    await connection?.createChannel().then((channel) => channel.deleteQueue(queue)).catch(() => undefined);
    await connection?.close().catch(() => undefined);
  }
}

async function measureBroker(context: LimitsContext, corpus: ReturnType<typeof buildCorpus>): Promise<{ produce: Measured<Throughput>; consume: Measured<Throughput> }> {
  if (!kcatVersion()) {
    const skipped = 'kcat is not installed (Debian: apt-get install kcat)';
    context.log(`limits broker: skipped, ${skipped}`);
    return { produce: { skipped }, consume: { skipped } };
  }
  const { kafka, names } = context;
  const file = path.join(context.tmpDir, 'kcat-input.txt');
  writeKcatInput(file, corpus);
  await kafka.createTopic(names.rawTopic);
  try {
    const brokers = kafka.brokers.join(',');
    const produce = await kcatProduce(brokers, names.rawTopic, file, corpus.length, corpus[0]?.headers ?? {});
    const onTopic = await kafka.endOffsetTotal(names.rawTopic);
    if (onTopic !== corpus.length) throw new Error(`kcat produced ${onTopic} records, expected ${corpus.length}`);
    const consume = await kcatConsume(brokers, names.rawTopic);
    if (consume.items !== corpus.length) throw new Error(`kcat consumed ${consume.items} records, expected ${corpus.length}`);
    return { produce, consume };
  } finally {
    await kafka.deleteTopics([names.rawTopic]);
  }
}

/**
 * The stores' emulators are a JVM (DynamoDB Local) and a Python process (LocalStack): on a
 * stack just started the first thousands of writes run several times slower while the JIT
 * warms up. An untimed pass of this many items into throwaway stores comes first, so the
 * limit is the store's steady rate, as the pipeline (measured after it) meets it.
 */
const WARM_UP_ITEMS = 10_000;

async function measureStores(context: LimitsContext, items: ReturnType<typeof buildStoreItems>, invoices: number, concurrency: number) {
  await warmUpStores(context, items, concurrency);
  const { clients, names } = context;
  const stores = await createBenchStores(clients.dynamodb, clients.sqs, names.storeTable, names.storeQueue);
  try {
    const started = performance.now();
    const [dynamodb, sqs] = await Promise.all([
      writeItemsRaw(clients.documents, stores.tableName, items.invoices as unknown as Record<string, unknown>[], concurrency),
      sendMessagesRaw(clients.sqs, stores.queueUrl, items.invalidMessages, concurrency),
    ]);
    const ms = performance.now() - started;
    return { dynamodb, sqs, stores: { items: invoices, ms, rate: ratePerSecond(invoices, ms) } };
  } finally {
    await stores.remove();
  }
}

/** Records per batch and batches at once for the validator's writes: the best pipeline runs' batch size, one batch per partition. */
const VALIDATOR_WRITES_BATCH = 500;
const VALIDATOR_WRITES_IN_FLIGHT = 6;

async function measureValidatorWrites(context: LimitsContext, items: ReturnType<typeof buildStoreItems>): Promise<NonNullable<LimitsResult['validatorWrites']>> {
  const { clients, names, log } = context;
  const writeModes: Array<WriteModeRun & { cpu: ReturnType<typeof cpuBetween> }> = [];
  // The invoice write both ways, each on tables of its own and a client that asks DynamoDB Local
  // what it consumed; the default way's run is the row "stores, the validator's writes".
  for (const mode of ['conditional-puts', 'transactions'] as const) {
    const meter = new CapacityMeter();
    const dynamodb = new DynamoDBClient(AWS_CLIENT_OPTIONS);
    meter.attach(dynamodb);
    const metered = { ...clients, dynamodb, documents: DynamoDBDocumentClient.from(dynamodb, { marshallOptions: { removeUndefinedValues: true } }) };
    const stores = await createBenchStores(dynamodb, clients.sqs, `${names.storeTable}-${mode}`, `${names.storeQueue}-${mode}`);
    try {
      const before = sampleCpu();
      const throughput = await writeAsValidatorRaw(metered, stores, items.writes, VALIDATOR_WRITES_BATCH, VALIDATOR_WRITES_IN_FLIGHT, mode);
      const cpu = cpuBetween(before, sampleCpu());
      const run = { mode, ...throughput, ...writeUnitsOf(items.writes, mode, meter, stores.tableName), cpu };
      log(`limits validator writes, ${mode}: ${Math.round(run.rate)}/s; write units per valid invoice ${run.awsWriteUnitsPerValid.toFixed(2)} by AWS's formulas, ${run.localUnitsPerValid.toFixed(2)} as DynamoDB Local reports them`);
      writeModes.push(run);
    } finally {
      await stores.remove();
      dynamodb.destroy();
    }
  }
  const chosen = writeModes.find((run) => run.mode === DEFAULT_INVOICE_WRITE_MODE) as (typeof writeModes)[number];
  return {
    items: chosen.items,
    ms: chosen.ms,
    rate: chosen.rate,
    cpu: chosen.cpu,
    batchSize: VALIDATOR_WRITES_BATCH,
    inFlight: VALIDATOR_WRITES_IN_FLIGHT,
    writeModes: writeModes.map(({ cpu: _cpu, ...run }) => run),
  };
}

/**
 * The validator's DynamoDB writes per valid invoice, as AWS bills them in the real flow: the
 * invoice itself (twice its units in a transaction); its outcome is not a row of its own, as
 * its ACCEPTED row names the invoice (lib/use-cases/message-outcome.ts). By AWS's formulas from
 * the items written, and as DynamoDB Local reported them for the invoice table.
 */
function writeUnitsOf(writes: readonly ValidatorWrites[], mode: InvoiceWriteMode, meter: CapacityMeter, invoiceTable: string): Pick<WriteModeRun, 'awsWriteUnitsPerValid' | 'awsInvoiceWriteUnitsPerValid' | 'localUnitsPerValid'> {
  const valid = writes.filter((write) => write.invoice && write.outcome.status === 'STORED');
  const invoiceUnits = valid.reduce((sum, write) => sum + writeUnits(write.invoice as unknown as Record<string, unknown>, { transactional: mode === 'transactions' }), 0);
  const count = Math.max(valid.length, 1);
  return {
    awsInvoiceWriteUnitsPerValid: invoiceUnits / count,
    awsWriteUnitsPerValid: invoiceUnits / count,
    localUnitsPerValid: (meter.unitsByTable.get(invoiceTable) ?? 0) / count,
  };
}

async function warmUpStores(context: LimitsContext, items: ReturnType<typeof buildStoreItems>, concurrency: number): Promise<void> {
  const { clients, names } = context;
  const stores = await createBenchStores(clients.dynamodb, clients.sqs, `${names.storeTable}-warm-up`, `${names.storeQueue}-warm-up`);
  try {
    const share = WARM_UP_ITEMS / Math.max(items.invoices.length + items.invalidMessages.length, 1);
    await Promise.all([
      writeItemsRaw(clients.documents, stores.tableName, items.invoices.slice(0, Math.ceil(items.invoices.length * share)) as unknown as Record<string, unknown>[], concurrency),
      sendMessagesRaw(clients.sqs, stores.queueUrl, items.invalidMessages.slice(0, Math.ceil(items.invalidMessages.length * share)), concurrency),
    ]);
  } finally {
    await stores.remove();
  }
}

function describe(measure: Measured<Throughput>): string {
  return 'skipped' in measure ? 'skipped' : `${Math.round(measure.rate)}/s (${measure.items} in ${Math.round(measure.ms)} ms)`;
}
