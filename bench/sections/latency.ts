/**
 * Section latency: submit-to-outcome under an open-loop load. Invoices arrive on a schedule,
 * `rate` per second for `seconds`, whether or not earlier ones were answered (a closed loop
 * would slow down with the system and hide the queueing). Three ways in, at the same rates:
 * - `http`: POST /invoices to the local HTTP API (serverless-offline), as clients do;
 * - `topic`: produced straight to the `invoices` topic, so the pipeline after the API shows
 *   apart from the emulator's HTTP front;
 * - `baseline`: produced to a topic of the seed's design (bench/baseline/seed-001-consumer.ts).
 * A message's latency is from its scheduled time to the time its outcome was given (STORED:
 * the invoice's `storedAt`; DUPLICATE or INVALID: the outcome row's `processedAt`; both are
 * when the validator began the batch that decided it; the baseline: its item's `storedAt`,
 * valid invoices only), on this machine's clock, read back once every answer is in. One
 * refused, or with no outcome by the deadline, is reported.
 *
 * Ours runs with the batching window the deployment uses, then with window 0, by restarting
 * serverless-offline with the trigger's window overridden (only when the bench started it; a
 * stack found running is measured at its own window only). After each start an untimed
 * warm-up lets the functions load, as a deployed stack that takes traffic has.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { batchGet } from '../../lib/adapters/dynamodb/batch-get';
import type { Producer } from 'kafkajs';
import { AWS_CLIENT_OPTIONS } from '../../lib/adapters/aws-client-options';
import { runBaselineConsumer } from '../baseline/seed-001-consumer';
import type { BenchKafka } from '../support/bench-kafka';
import { createBenchStores } from './store-writes';
import { INFRASTRUCTURE } from '../../lib/infrastructure';
import { mapLimited } from '../../lib/map-limited';
import { LOCAL_PORTS } from '../../localstack/local-env';
import { buildCorpus, type BenchInvoice } from '../corpus/invoice-corpus';
import type { LatencyResult, LatencyRun } from '../report/results';
import { summarizeLatencies } from '../stats';
import type { BenchLedger } from '../support/bench-ledger';
import type { RunNames } from '../support/names';
import type { BenchStack } from '../support/stack';
import { CLIENT_HEADERS } from './ingest-plan';

export interface LatencyContext {
  kafka: BenchKafka;
  names: RunNames;
  clients: { documents: DynamoDBDocumentClient };
  ledger: BenchLedger;
  stack: BenchStack;
  log: (line: string) => void;
}

export interface LatencyPlan {
  rates: number[];
  seconds: number;
}

const OUTCOME_WAIT_MS = 180_000;
const WARM_UP_INVOICES = 100;
const WARM_UP_CONCURRENCY = 4;
const BASELINE_JOIN_MS = 3000;
const API = `http://127.0.0.1:${LOCAL_PORTS.http}`;

export async function measureLatency(context: LatencyContext, plan: LatencyPlan): Promise<LatencyResult> {
  const deployed = INFRASTRUCTURE.kafka.maximumBatchingWindowInSeconds;
  const runs: LatencyRun[] = [];
  const windows: Array<number | undefined> = [undefined, 0];
  const producer = context.kafka.producer();
  await producer.connect();
  let restarted = false;
  try {
    for (const window of windows) {
      if (window !== undefined) {
        restarted = await context.stack.setTriggerWindow(window);
        if (!restarted) {
          context.log('latency: serverless-offline was already running, so window 0 is not measured (start the bench on a stopped stack)');
          break;
        }
      }
      await warmUp(context);
      for (const rate of plan.rates) {
        runs.push(await measureRun(context, 'http', rate, plan.seconds, window ?? deployed, (invoice) => postInvoice(invoice)));
        runs.push(await measureRun(context, 'topic', rate, plan.seconds, window ?? deployed, (invoice) => produce(producer, INFRASTRUCTURE.kafka.topic, invoice)));
      }
    }
  } finally {
    await producer.disconnect();
    if (restarted) await context.stack.setTriggerWindow(undefined);
  }
  for (const rate of plan.rates) runs.push(await measureBaselineRun(context, rate, plan.seconds));
  return { seconds: plan.seconds, deployedWindowSeconds: deployed, runs };
}

/** A few invoices through the API and the validator, untimed: each function loads once. */
async function warmUp(context: LatencyContext): Promise<void> {
  const corpus = buildCorpus({ runTag: context.names.invoiceTag(`latwarm${Date.now().toString(36)}`), count: WARM_UP_INVOICES, submittedAt: new Date() }).filter((invoice) => isJsonObject(invoice.value));
  noteInvoices(context, corpus);
  // A few at a time, as light traffic: enough for each function to load, not a burst of instances.
  const sent: Sent[] = [];
  await mapLimited(corpus, WARM_UP_CONCURRENCY, async (invoice) => {
    sent.push({ invoice, scheduledAt: Date.now(), ...(await postInvoice(invoice).then((messageId) => (messageId ? { messageId } : {}))) });
  });
  const accepted = sent.filter((entry): entry is Sent & { messageId: string } => entry.messageId !== undefined);
  noteMessages(context, accepted);
  await waitForOutcomes(context.clients.documents, accepted);
}

interface Sent {
  invoice: BenchInvoice;
  /** Wall-clock ms it was due. */
  scheduledAt: number;
  messageId?: string;
}

type Sender = (invoice: BenchInvoice) => Promise<string | undefined>;

/** Sends the corpus on the schedule, each send started at its time and not awaited before the next. */
async function openLoop(corpus: BenchInvoice[], rate: number, send: Sender): Promise<{ sent: Sent[]; sendMs: number }> {
  const sent: Sent[] = [];
  const requests: Array<Promise<void>> = [];
  // Wall-clock ms of performance.now() 0, so the schedule compares with the stores' timestamps.
  const origin = performance.timeOrigin;
  const startAt = performance.now() + 200;
  for (const [index, invoice] of corpus.entries()) {
    const dueAt = startAt + (index * 1000) / rate;
    const wait = dueAt - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const entry: Sent = { invoice, scheduledAt: origin + dueAt };
    sent.push(entry);
    requests.push(
      send(invoice).then(
        (messageId) => {
          if (messageId) entry.messageId = messageId;
        },
        () => undefined,
      ),
    );
  }
  const sendMs = performance.now() - startAt;
  await Promise.all(requests);
  return { sent, sendMs };
}

async function measureRun(context: LatencyContext, path: LatencyRun['path'], rate: number, seconds: number, windowSeconds: number, send: Sender): Promise<LatencyRun> {
  const corpus = latencyCorpus(context, `lat${path}${rate}w${windowSeconds}`, rate * seconds);
  noteInvoices(context, corpus);
  const { sent, sendMs } = await openLoop(corpus, rate, send);
  const accepted = sent.filter((entry): entry is Sent & { messageId: string } => entry.messageId !== undefined);
  noteMessages(context, accepted);
  const outcomes = await waitForOutcomes(context.clients.documents, accepted);
  return summarise(context, { path, rate, windowSeconds, sent, sendMs, accepted: accepted.length, outcomes });
}

/** The seed's design at the same rate: its consumer running while its topic is fed on the schedule. */
async function measureBaselineRun(context: LatencyContext, rate: number, seconds: number): Promise<LatencyRun> {
  const { kafka, names } = context;
  const topic = `${names.runId}-latbase${rate}`;
  const dynamodb = new DynamoDBClient(AWS_CLIENT_OPTIONS);
  const sqs = new SQSClient(AWS_CLIENT_OPTIONS);
  const documents = DynamoDBDocumentClient.from(dynamodb, { marshallOptions: { removeUndefinedValues: true } });
  const stores = await createBenchStores(dynamodb, sqs, `${topic}-invoices`, `${topic}-failures`);
  await kafka.createTopic(topic);
  const producer = kafka.producer();
  await producer.connect();
  try {
    const corpus = latencyCorpus(context, `latbase${rate}`, rate * seconds);
    const consuming = runBaselineConsumer({ brokers: kafka.brokers, topic, tableName: stores.tableName, queueUrl: stores.queueUrl, documents, sqs, maxPayloadBytes: INFRASTRUCTURE.http.maxBodyBytes }, corpus.length);
    // The consumer joins its group before the first invoice is due.
    await new Promise((resolve) => setTimeout(resolve, BASELINE_JOIN_MS));
    const { sent, sendMs } = await openLoop(corpus, rate, (invoice) => produce(producer, topic, invoice));
    await Promise.race([consuming, new Promise((resolve) => setTimeout(resolve, OUTCOME_WAIT_MS))]);
    const valid = sent.filter((entry) => entry.invoice.expected === 'STORED' && entry.invoice.identity);
    const items = await batchGet(documents, stores.tableName, valid.map((entry) => ({ ...entry.invoice.identity })), 'the baseline invoices', { attributes: ['issuerTaxId', 'invoiceNumber', 'storedAt'] });
    const storedAt = new Map(items.map((item) => [`${String(item.issuerTaxId)}/${String(item.invoiceNumber)}`, Date.parse(String(item.storedAt))]));
    const outcomes = new Map<string, number>();
    for (const entry of valid) {
      const at = storedAt.get(`${entry.invoice.identity?.issuerTaxId}/${entry.invoice.identity?.invoiceNumber}`);
      if (at !== undefined) outcomes.set(entry.invoice.messageId, at);
    }
    const measured = valid.map((entry) => ({ ...entry, messageId: entry.invoice.messageId }));
    return summarise(context, { path: 'baseline', rate, windowSeconds: 0, sent: measured, sendMs, accepted: measured.length, outcomes });
  } finally {
    await producer.disconnect();
    await kafka.deleteTopics([topic]);
    await stores.remove();
  }
}

function summarise(
  context: LatencyContext,
  run: { path: LatencyRun['path']; rate: number; windowSeconds: number; sent: Sent[]; sendMs: number; accepted: number; outcomes: Map<string, number> },
): LatencyRun {
  const latencies = run.sent.flatMap((entry) => {
    const at = entry.messageId === undefined ? undefined : run.outcomes.get(entry.messageId);
    return at === undefined ? [] : [at - entry.scheduledAt];
  });
  const result: LatencyRun = {
    path: run.path,
    rate: run.rate,
    windowSeconds: run.windowSeconds,
    offered: run.sent.length,
    achievedRate: (run.sent.length * 1000) / Math.max(run.sendMs, 1),
    accepted: run.accepted,
    refused: run.sent.length - run.accepted,
    withOutcome: latencies.length,
    latency: summarizeLatencies(latencies),
  };
  context.log(
    `latency ${run.path} ${run.rate}/s, window ${run.windowSeconds} s: ${result.withOutcome}/${result.offered} with an outcome, p50 ${result.latency.p50.toFixed(0)} ms, p99 ${result.latency.p99.toFixed(0)} ms, max ${result.latency.max.toFixed(0)} ms; refused ${result.refused}`,
  );
  return result;
}

function latencyCorpus(context: LatencyContext, stage: string, count: number): BenchInvoice[] {
  return buildCorpus({ runTag: context.names.invoiceTag(stage), count, submittedAt: new Date() }).filter((invoice) => isJsonObject(invoice.value));
}

function noteInvoices(context: LatencyContext, corpus: BenchInvoice[]): void {
  context.ledger.addInvoices(corpus.flatMap((invoice) => (invoice.identity ? [invoice.identity] : [])));
}

function noteMessages(context: LatencyContext, accepted: Array<Sent & { messageId: string }>): void {
  context.ledger.addMessages(accepted.map((entry) => entry.messageId));
  context.ledger.addQuarantined(accepted.filter((entry) => entry.invoice.expected !== 'STORED').map((entry) => entry.messageId));
}

/**
 * Keep-alive connections to the local API, at most this many: past them requests wait in the
 * agent's queue (their latency still counts from their scheduled time) instead of opening
 * sockets without bound when the offered rate is above what the API serves.
 */
const API_AGENT = new http.Agent({ keepAlive: true, maxSockets: 256 });

/** POST /invoices; the message id of a 202, undefined otherwise (another status, or no answer). */
function postInvoice(invoice: BenchInvoice): Promise<string | undefined> {
  return new Promise((resolve) => {
    const request = http.request(`${API}/invoices`, { method: 'POST', agent: API_AGENT, headers: { ...CLIENT_HEADERS, 'content-length': invoice.value.length } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        if (response.statusCode !== 202) return resolve(undefined);
        try {
          resolve((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { messageId?: string }).messageId);
        } catch {
          resolve(undefined);
        }
      });
      response.on('error', () => resolve(undefined));
    });
    request.on('error', () => resolve(undefined));
    request.end(invoice.value);
  });
}

/** Produced as the API would: its key and trace headers; the corpus's message id. */
async function produce(producer: Producer, topic: string, invoice: BenchInvoice): Promise<string> {
  await producer.send({ topic, messages: [{ key: invoice.key, value: invoice.value, headers: invoice.headers }] });
  return invoice.messageId;
}

/** Message id -> wall-clock ms of its outcome, for those that have one by the deadline. */
async function waitForOutcomes(documents: DynamoDBDocumentClient, accepted: Array<Sent & { messageId: string }>): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  const deadline = Date.now() + OUTCOME_WAIT_MS;
  let pending = accepted;
  while (pending.length > 0 && Date.now() < deadline) {
    await readOutcomes(documents, pending, found);
    pending = pending.filter((entry) => !found.has(entry.messageId));
    if (pending.length > 0) await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return found;
}

async function readOutcomes(documents: DynamoDBDocumentClient, entries: Sent[], found: Map<string, number>): Promise<void> {
  const { messages, invoices } = INFRASTRUCTURE.tables;
  const rows = await batchGet(documents, messages.TableName, entries.map((entry) => ({ messageId: entry.messageId })), 'the outcomes', { attributes: ['messageId', 'status', 'processedAt', 'invoice'] });
  const accepted = new Map<string, { issuerTaxId: string; invoiceNumber: string }>();
  for (const row of rows) {
    if (row.status !== 'ACCEPTED' && typeof row.processedAt === 'string') found.set(String(row.messageId), Date.parse(row.processedAt));
    else if (row.status === 'ACCEPTED' && row.invoice) accepted.set(String(row.messageId), row.invoice as { issuerTaxId: string; invoiceNumber: string });
  }
  const keys = [...new Map([...accepted.values()].map((identity) => [`${identity.issuerTaxId}/${identity.invoiceNumber}`, identity])).values()];
  for (const invoice of await batchGet(documents, invoices.TableName, keys, 'the stored invoices', { attributes: ['messageId', 'storedAt'] })) {
    const messageId = String(invoice.messageId);
    if (accepted.has(messageId) && typeof invoice.storedAt === 'string') found.set(messageId, Date.parse(invoice.storedAt));
  }
}

/** The API takes JSON objects only: the corpus's other poison (not JSON, arrays) would be answered 400 and has no outcome to wait for. */
function isJsonObject(value: Buffer): boolean {
  try {
    const parsed: unknown = JSON.parse(value.toString('utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
  } catch {
    return false;
  }
}
