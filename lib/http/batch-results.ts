/**
 * POST /invoices/batch's answer: one result per item, in order, with the HTTP status of each
 * item's outcome (docs/openapi.yaml, BatchReceipt), and whether the request as a whole failed
 * (no item taken because the broker is down: the request answers 503).
 */
import type { BatchItemOutcome } from '../use-cases/submit-invoice-batch';
import { submissionReceiptBody, type SubmissionReceiptBody } from './submission-receipt';

const STATUS = {
  'not-an-invoice': { status: 400, title: 'Bad Request' },
  'issuer-not-covered': { status: 403, title: 'Forbidden' },
  'too-large': { status: 413, title: 'Content Too Large' },
  'broker-unavailable': { status: 503, title: 'Service Unavailable' },
} as const;

export type BatchItemResult =
  | ({ index: number; status: 202 } & SubmissionReceiptBody)
  | { index: number; status: 400 | 403 | 413 | 503; title: string; detail: string };

/** @example batchResults([{ index: 0, outcome: 'too-large', detail: '...' }]) // [{ index: 0, status: 413, title: 'Content Too Large', detail: '...' }] */
export function batchResults(outcomes: BatchItemOutcome[]): BatchItemResult[] {
  return outcomes.map((item) => (item.outcome === 'accepted' ? { index: item.index, status: 202, ...submissionReceiptBody(item.receipt) } : { index: item.index, ...STATUS[item.outcome], detail: item.detail }));
}

/** True when the broker took none of the items: the whole request is to be sent again. */
export function brokerTookNone(outcomes: BatchItemOutcome[]): boolean {
  return outcomes.length > 0 && outcomes.every((item) => item.outcome === 'broker-unavailable');
}
