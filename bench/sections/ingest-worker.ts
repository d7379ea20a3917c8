/**
 * Child process of the ingest section: runs the submit handlers themselves (their
 * bundle, as deployed), without serverless-offline, on the producer they share with the bare
 * publish (ingest-entry.ts), so the emulator's share of a request shows apart from ours.
 * INVOICES_TOPIC points at a bench topic, so nothing reaches the shared `invoices` topic. Its stdout (the handlers' log
 * lines) is discarded by the parent; the result goes back over IPC.
 */
import { apiGatewayEvent, authorizedContext, lambdaContext } from '../../test/helpers/api-gateway-event';
import { buildValidInvoices } from '../corpus/invoice-corpus';
import type * as IngestEntry from './ingest-entry';
import type { IngestRow } from '../report/results';
import { acceptedMessageIds, CLIENT_HEADERS, invoiceDispenser, invoicesNeeded, measureLevel, type InProcessIngestResult, type IngestPlan } from './ingest-plan';

/** The local demo client, as the key check names it: the in-process handlers get what API Gateway would hand them. */
const DEMO_CONTEXT = authorizedContext({ role: 'client', clientId: 'demo', name: 'Demo client (local only)', issuers: ['*'] });

async function main(): Promise<void> {
  const plan = JSON.parse(process.env.BENCH_INGEST_PLAN ?? '') as IngestPlan;
  // The bundle of ingest-entry.ts, built by the parent as the functions are built.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const bundle = require(process.env.BENCH_INGEST_BUNDLE ?? '') as typeof IngestEntry;
  const { submitInvoice: submit, submitInvoiceBatch: submitBatch, publisher, prepareRecord } = bundle;

  // Twice each single-route level: the handler, then the bare publish.
  const invoices = invoiceDispenser(buildValidInvoices(`${plan.runTag}-inproc`, invoicesNeeded(plan, 2), new Date()));
  const messageIds: string[] = [];
  const rows: IngestRow[] = [];
  const deps = { newMessageId: () => crypto.randomUUID(), now: () => new Date() };

  const postOne = async () => {
    const response = await submit(apiGatewayEvent({ headers: CLIENT_HEADERS, body: invoices(1)[0]?.value.toString() ?? '', requestContext: DEMO_CONTEXT }), lambdaContext);
    messageIds.push(...acceptedMessageIds(response.statusCode, response.body));
  };
  const publishOne = async () => {
    const body = invoices(1)[0]?.value ?? Buffer.alloc(0);
    await publisher.publish(prepareRecord(deps, { body, correlationId: 'bench' }).outgoing);
  };
  const postBatch = async () => {
    const body = `[${invoices(plan.batchItems).map((invoice) => invoice.value.toString()).join(',')}]`;
    const response = await submitBatch(apiGatewayEvent({ headers: CLIENT_HEADERS, body, path: '/invoices/batch', resource: '/invoices/batch', requestContext: DEMO_CONTEXT }), lambdaContext);
    messageIds.push(...acceptedMessageIds(response.statusCode, response.body));
  };

  for (const [index, concurrency] of plan.concurrency.entries()) {
    const requests = plan.requests[index] ?? 0;
    rows.push(await measureLevel('in-process handler', 'POST /invoices', concurrency, requests, 1, postOne));
    rows.push(await measureLevel('in-process publisher', 'POST /invoices', concurrency, requests, 1, publishOne));
  }
  for (const [index, concurrency] of plan.batchConcurrency.entries()) {
    rows.push(await measureLevel('in-process handler', 'POST /invoices/batch', concurrency, plan.batchRequests[index] ?? 0, plan.batchItems, postBatch));
  }
  await publisher.disconnect();
  const result: InProcessIngestResult = { rows, messageIds };
  process.send?.(result, () => process.exit(0));
}

main().catch((error: unknown) => {
  process.stderr.write(`ingest worker failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
