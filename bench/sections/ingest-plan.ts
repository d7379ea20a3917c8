/**
 * What the ingest measures send, shared by the HTTP side (this process) and the
 * in-process side (a child process running the handlers themselves): the levels, the
 * request counts, and how a result row is made from a closed-loop load.
 */
import type { BenchInvoice } from '../corpus/invoice-corpus';
import type { IngestRow } from '../report/results';
import { runClosedLoop, type LoadResult } from '../support/closed-loop';

/** What a client sends with every request (the local client key). */
export const CLIENT_HEADERS = { 'x-api-key': 'local-api-key', 'content-type': 'application/json' };

export interface IngestPlan {
  runTag: string;
  concurrency: number[];
  requests: number[];
  batchItems: number;
  batchConcurrency: number[];
  batchRequests: number[];
}

/** The child's answer: its rows and the message ids it left as ACCEPTED rows. */
export interface InProcessIngestResult {
  rows: IngestRow[];
  messageIds: string[];
}

/** Untimed requests first at each level: new connections, and in serverless-offline one new worker per concurrent call. */
export function warmUpRequests(concurrency: number): number {
  return concurrency * 2;
}

/** Invoices a plan sends: `singlePaths` times each single-route level, and every batch level once. */
export function invoicesNeeded(plan: IngestPlan, singlePaths: number): number {
  const single = plan.concurrency.reduce((sum, concurrency, index) => sum + warmUpRequests(concurrency) + (plan.requests[index] ?? 0), 0);
  const batch = plan.batchConcurrency.reduce((sum, concurrency, index) => sum + (warmUpRequests(concurrency) + (plan.batchRequests[index] ?? 0)) * plan.batchItems, 0);
  return single * singlePaths + batch;
}

/** Hands out the invoices in order, each once: every request carries invoices never sent before. */
export function invoiceDispenser(all: readonly BenchInvoice[]): (count: number) => BenchInvoice[] {
  let next = 0;
  return (count) => {
    const taken = all.slice(next, next + count);
    next += count;
    if (taken.length < count) throw new Error('the bench ran out of prepared invoices');
    return taken;
  };
}

/** One row: the untimed warm-up at the level, then the measured requests. */
export async function measureLevel(
  path: IngestRow['path'],
  route: IngestRow['route'],
  concurrency: number,
  requests: number,
  invoicesPerRequest: number,
  send: () => Promise<void>,
): Promise<IngestRow> {
  await runClosedLoop(concurrency, warmUpRequests(concurrency), send);
  return toIngestRow(path, route, await runClosedLoop(concurrency, requests, send), invoicesPerRequest);
}

export function toIngestRow(path: IngestRow['path'], route: IngestRow['route'], load: LoadResult, invoicesPerRequest: number): IngestRow {
  return {
    path,
    route,
    concurrency: load.concurrency,
    requests: load.requests,
    invoices: load.requests * invoicesPerRequest,
    errors: load.errors,
    ...(load.firstError === undefined ? {} : { firstError: load.firstError }),
    requestsPerSecond: load.requestsPerSecond,
    invoicesPerSecond: load.requestsPerSecond * invoicesPerRequest,
    latency: load.latency,
  };
}

/** The 202 body of POST /invoices or POST /invoices/batch, reduced to the message ids it gave. */
export function acceptedMessageIds(status: number, body: string): string[] {
  if (status !== 202) throw new Error(`answered ${status}: ${body.slice(0, 200)}`);
  const parsed = JSON.parse(body) as { messageId?: string; results?: Array<{ status: number; messageId?: string; detail?: string }> };
  if (parsed.messageId) return [parsed.messageId];
  const results = parsed.results ?? [];
  const refused = results.find((result) => result.status !== 202);
  if (refused) throw new Error(`a batch item answered ${refused.status}: ${refused.detail ?? ''}`);
  return results.flatMap((result) => (result.messageId ? [result.messageId] : []));
}
