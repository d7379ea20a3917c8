/**
 * Which messages of a batch to delete after the function ran, by the rules Lambda
 * applies to SQS: a function error keeps them all (they come back after the visibility
 * timeout); success deletes them all, unless the mapping has ReportBatchItemFailures and
 * the function listed some in `batchItemFailures`, which are kept. A response that does
 * not make sense (an unknown or empty itemIdentifier, a bad shape) fails the whole batch.
 */
import { z } from 'zod';
import type { InvocationResult } from '../offline-lambda-invoker';

export type BatchOutcome = 'ok' | 'partial' | 'error';

export interface DeleteDecision {
  /** Message ids to delete, in batch order. */
  toDelete: string[];
  /** Message ids left on the queue to be received again. */
  failed: string[];
  outcome: BatchOutcome;
  /** Why the whole batch failed, when it did. */
  reason?: string;
}

// Lambda reads null, {}, and a null or empty list all as "nothing failed".
const batchResponseSchema = z
  .object({ batchItemFailures: z.array(z.object({ itemIdentifier: z.string().min(1) })).nullish() })
  .nullish();

/**
 * @example
 * decideDeletions(['m-1', 'm-2'], { ok: true, payload: { batchItemFailures: [{ itemIdentifier: 'm-2' }] } }, true)
 * // { toDelete: ['m-1'], failed: ['m-2'], outcome: 'partial' }
 */
export function decideDeletions(messageIds: string[], result: InvocationResult, reportBatchItemFailures: boolean): DeleteDecision {
  if (!result.ok) return wholeBatchFailed(messageIds, result.error.message);
  if (!reportBatchItemFailures) return { toDelete: [...messageIds], failed: [], outcome: 'ok' };

  const parsed = batchResponseSchema.safeParse(result.payload);
  if (!parsed.success) return wholeBatchFailed(messageIds, `invalid batch response: ${z.prettifyError(parsed.error)}`);
  const reported = new Set((parsed.data?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier));
  const unknown = [...reported].filter((id) => !messageIds.includes(id));
  if (unknown.length > 0) return wholeBatchFailed(messageIds, `invalid batch response: itemIdentifier not in the batch: ${unknown.join(', ')}`);
  if (reported.size === 0) return { toDelete: [...messageIds], failed: [], outcome: 'ok' };
  return {
    toDelete: messageIds.filter((id) => !reported.has(id)),
    failed: messageIds.filter((id) => reported.has(id)),
    outcome: 'partial',
  };
}

function wholeBatchFailed(messageIds: string[], reason: string): DeleteDecision {
  return { toDelete: [], failed: [...messageIds], outcome: 'error', reason };
}
