/**
 * Sends a workload through the HTTP API the way a careful client does: a 503 means "not
 * taken, send it again after Retry-After", so it is retried; anything else 5xx is counted
 * as a failure of ours.
 */
import { LOCAL_API_URL } from '../localstack/local-env';
import type { SentMessage } from './audit';
import type { PlannedInvoice } from './workload';

export interface SendStats {
  accepted: SentMessage[];
  unavailable: number;
  otherServerErrors: number;
  retryAfterMissing: number;
}

const HEADERS = { 'x-api-key': 'local-api-key', 'content-type': 'application/json' };

export function newStats(): SendStats {
  return { accepted: [], unavailable: 0, otherServerErrors: 0, retryAfterMissing: 0 };
}

/** POST /invoices/batch in chunks; items answered 503 are sent again. */
export async function sendInBatches(planned: PlannedInvoice[], runId: string, stats: SendStats, options = { batchSize: 250, concurrency: 2 }): Promise<void> {
  const chunks: PlannedInvoice[][] = [];
  for (let start = 0; start < planned.length; start += options.batchSize) chunks.push(planned.slice(start, start + options.batchSize));
  let next = 0;
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (next < chunks.length) {
        const index = next++;
        let pending = chunks[index] as PlannedInvoice[];
        while (pending.length > 0) pending = await postBatch(pending, `${runId}-batch-${index}`, stats);
      }
    }),
  );
}

async function postBatch(items: PlannedInvoice[], correlationId: string, stats: SendStats): Promise<PlannedInvoice[]> {
  const response = await fetch(`${LOCAL_API_URL}/invoices/batch`, {
    method: 'POST',
    headers: { ...HEADERS, 'x-correlation-id': correlationId },
    body: `[${items.map((item) => item.body).join(',')}]`,
  }).catch(() => undefined);
  if (!response || response.status >= 500) {
    await countServerError(response, stats);
    return items;
  }
  if (response.status !== 202) throw new Error(`POST /invoices/batch answered ${response.status}: ${await response.text()}`);
  const { results } = (await response.json()) as { results: Array<{ index: number; status: number; messageId?: string; partition?: number; offset?: string }> };
  const again: PlannedInvoice[] = [];
  for (const result of results) {
    const item = items[result.index] as PlannedInvoice;
    if (result.status === 202 && result.messageId) {
      const where = { ...(result.partition !== undefined ? { partition: result.partition } : {}), ...(result.offset !== undefined ? { offset: result.offset } : {}) };
      stats.accepted.push({ messageId: result.messageId, identity: item.identity, body: item.body, ...where });
    } else if (result.status === 503) again.push(item);
  }
  if (again.length > 0) await pause(1000);
  return again;
}

/** POST /invoices one by one with a few in flight; a 503 is retried after Retry-After. */
export async function sendOneByOne(planned: PlannedInvoice[], runId: string, stats: SendStats, concurrency = 8): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < planned.length) {
        const item = planned[next++] as PlannedInvoice;
        for (;;) {
          const response = await fetch(`${LOCAL_API_URL}/invoices`, { method: 'POST', headers: { ...HEADERS, 'x-correlation-id': `${runId}-single` }, body: item.body }).catch(() => undefined);
          if (response?.status === 202) {
            const receipt = (await response.json()) as { messageId: string };
            stats.accepted.push({ messageId: receipt.messageId, identity: item.identity });
            break;
          }
          await countServerError(response, stats);
        }
      }
    }),
  );
}

async function countServerError(response: Response | undefined, stats: SendStats): Promise<void> {
  if (response?.status === 503) {
    stats.unavailable += 1;
    const retryAfter = Number(response.headers.get('retry-after'));
    if (!retryAfter) stats.retryAfterMissing += 1;
    await response.arrayBuffer();
    // A client waits Retry-After; the drill waits at most a second to keep the run short.
    await pause(Math.min((retryAfter || 1) * 1000, 1000));
    return;
  }
  stats.otherServerErrors += 1;
  await response?.arrayBuffer();
  await pause(500);
}

export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
