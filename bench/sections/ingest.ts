/**
 * Section 3, ingest: POST /invoices (and /invoices/batch) at several concurrencies
 * through serverless-offline, then the same handlers in a child process without the
 * emulator, on the same producer. The HTTP requests reach the shared `invoices` topic
 * (that is what the route does) and the running trigger validates them; the in-process
 * ones go to a bench topic. Every row the bench caused is deleted afterwards.
 */
import { fork } from 'node:child_process';
import path from 'node:path';
import { LOCAL_API_URL } from '../../localstack/local-env';
import { buildValidInvoices } from '../corpus/invoice-corpus';
import type { IngestResult, IngestRow } from '../report/results';
import type { BenchClients } from '../support/bench-clients';
import type { BenchKafka } from '../support/bench-kafka';
import type { BenchLedger } from '../support/bench-ledger';
import { bundleLikeTheFunctions } from '../support/handler-bundle';
import { countOutcomes } from '../support/message-outcomes';
import type { RunNames } from '../support/names';
import { acceptedMessageIds, CLIENT_HEADERS, invoiceDispenser, invoicesNeeded, measureLevel, type InProcessIngestResult, type IngestPlan } from './ingest-plan';

const WORKER = path.join(__dirname, 'ingest-worker.ts');
const ENTRY = path.join(__dirname, 'ingest-entry.ts');
const NODE_MODULES = path.resolve(__dirname, '..', '..', 'node_modules');
/** How long the shared trigger gets to validate what the HTTP measure sent, before its rows are deleted. */
const OUTCOME_WAIT_MS = 180_000;

export interface IngestContext {
  kafka: BenchKafka;
  clients: BenchClients;
  names: RunNames;
  ledger: BenchLedger;
  keepData: boolean;
  tmpDir: string;
  log: (line: string) => void;
}

export async function measureIngest(context: IngestContext, plan: IngestPlan): Promise<IngestResult> {
  const { log } = context;
  const failures: string[] = [];
  const http = await measureHttp(context, plan);
  const rows = [...http.rows];
  await context.kafka.createTopic(context.names.ingestTopic);
  try {
    const bundle = await bundleLikeTheFunctions(ENTRY, path.join(context.tmpDir, 'ingest-entry.js'));
    const inProcess = await runInProcess(plan, context.names.ingestTopic, bundle);
    context.ledger.addMessages(inProcess.messageIds);
    rows.push(...inProcess.rows);
  } catch (error) {
    log(`ingest in-process failed: ${(error as Error).message}`);
    failures.push(`in-process handler and publisher: ${(error as Error).message.slice(0, 300)}`);
  } finally {
    await context.kafka.deleteTopics([context.names.ingestTopic]);
    await cleanUp(context, http.messageIds);
  }
  for (const row of rows) log(`ingest ${row.path} ${row.route} c=${row.concurrency}: ${Math.round(row.requestsPerSecond)} req/s, p50 ${row.latency.p50.toFixed(1)} ms, p99 ${row.latency.p99.toFixed(1)} ms, ${row.errors} errors`);
  return { rows: sortRows(rows), failures };
}

async function measureHttp(context: IngestContext, plan: IngestPlan): Promise<{ rows: IngestRow[]; messageIds: string[] }> {
  const all = buildValidInvoices(`${plan.runTag}-http`, invoicesNeeded(plan, 1), new Date());
  context.ledger.addInvoices(all.flatMap((invoice) => (invoice.identity ? [invoice.identity] : [])));
  const take = invoiceDispenser(all);
  const messageIds: string[] = [];
  const post = async (route: string, body: string) => {
    const response = await fetch(`${LOCAL_API_URL}${route}`, { method: 'POST', headers: CLIENT_HEADERS, body });
    messageIds.push(...acceptedMessageIds(response.status, await response.text()));
  };
  const postOne = () => post('/invoices', take(1)[0]?.value.toString() ?? '');
  const postBatch = () => post('/invoices/batch', `[${take(plan.batchItems).map((invoice) => invoice.value.toString()).join(',')}]`);

  const rows: IngestRow[] = [];
  for (const [index, concurrency] of plan.concurrency.entries()) {
    rows.push(await measureLevel('serverless-offline HTTP', 'POST /invoices', concurrency, plan.requests[index] ?? 0, 1, postOne));
  }
  for (const [index, concurrency] of plan.batchConcurrency.entries()) {
    rows.push(await measureLevel('serverless-offline HTTP', 'POST /invoices/batch', concurrency, plan.batchRequests[index] ?? 0, plan.batchItems, postBatch));
  }
  return { rows, messageIds };
}

function runInProcess(plan: IngestPlan, topic: string, bundle: string): Promise<InProcessIngestResult> {
  return new Promise((resolve, reject) => {
    const child = fork(WORKER, [], {
      execArgv: ['--import', 'tsx'],
      // NODE_PATH: the bundle leaves the AWS SDK out, as the Lambda runtime provides it.
      env: { ...process.env, INVOICES_TOPIC: topic, NODE_PATH: NODE_MODULES, BENCH_INGEST_BUNDLE: bundle, BENCH_INGEST_PLAN: JSON.stringify(plan) },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let stderr = '';
    let result: InProcessIngestResult | undefined;
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2000);
    });
    child.on('message', (message) => {
      result = message as InProcessIngestResult;
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (result) resolve(result);
      else reject(new Error(`the in-process ingest worker exited with ${code}: ${stderr.trim()}`));
    });
  });
}

/** Waits until the shared trigger has decided every HTTP message, then deletes the bench's rows. */
async function cleanUp(context: IngestContext, httpMessageIds: string[]): Promise<void> {
  context.ledger.addMessages(httpMessageIds);
  if (context.keepData) return;
  const started = Date.now();
  let lastLogAt = started;
  for (;;) {
    const counts = await countOutcomes(context.clients.documents, httpMessageIds);
    const pending = (counts.ACCEPTED ?? 0) + (counts.MISSING ?? 0);
    if (pending === 0) break;
    if (Date.now() - started > OUTCOME_WAIT_MS) {
      context.log(`ingest: ${pending} HTTP messages still undecided after ${OUTCOME_WAIT_MS / 1000} s; deleting their rows anyway`);
      break;
    }
    if (Date.now() - lastLogAt > 10_000) {
      context.log(`ingest: waiting for the shared trigger to decide ${pending} of the ${httpMessageIds.length} HTTP messages (${JSON.stringify(counts)})`);
      lastLogAt = Date.now();
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  const deleted = await context.ledger.purge();
  context.log(`ingest: deleted the ${deleted} rows it left in the shared tables`);
}

/** Single route before batch, then by concurrency, then HTTP, handler, publisher: the order the summary reads best in. */
function sortRows(rows: IngestRow[]): IngestRow[] {
  const pathOrder: IngestRow['path'][] = ['serverless-offline HTTP', 'in-process handler', 'in-process publisher'];
  return [...rows].sort(
    (a, b) => a.route.localeCompare(b.route) || a.concurrency - b.concurrency || pathOrder.indexOf(a.path) - pathOrder.indexOf(b.path),
  );
}
