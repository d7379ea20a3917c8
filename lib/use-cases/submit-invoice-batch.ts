/**
 * Submit several invoices in one request.
 * Input: the raw text of each item (as the client wrote it), a correlation id for all.
 * Output: one result per item, in order: where it went, or why it was refused.
 * Steps: items that are not JSON objects (or are too large) are refused alone; the others
 * are published in requests of bounded size; a request Kafka refuses marks its items 503,
 * so the client resends exactly those.
 */
import { chunkBySize } from '../chunk-by-size';
import { InvalidSubmissionError, IssuerNotAllowedError, PublisherUnavailableError } from '../errors';
import { prepareRecord, recordAccepted, type PreparedRecord, type SubmissionReceipt, type SubmitInvoiceDeps } from './submit-invoice';

export type BatchItemResult =
  | ({ index: number; status: 202 } & SubmissionReceipt)
  | { index: number; status: 400 | 403 | 413 | 503; title: string; detail: string };

/** Who submits the batch: the client id and the issuers it may submit for (absent: an admin). */
export interface BatchSubmitter {
  clientId?: string;
  allowedIssuers?: readonly string[];
}

export interface BatchLimits {
  maxItemBytes: number;
  /** Bytes per publish request: Kafka refuses record batches over its message.max.bytes (1 MiB by default). */
  maxPublishBytes: number;
}

export async function submitInvoiceBatch(
  deps: SubmitInvoiceDeps,
  items: string[],
  correlationId: string,
  limits: BatchLimits,
  submitter: BatchSubmitter = {},
): Promise<BatchItemResult[]> {
  const results: BatchItemResult[] = new Array(items.length);
  const prepared: Array<{ index: number; record: PreparedRecord }> = [];
  items.forEach((item, index) => {
    const body = Buffer.from(item, 'utf8');
    if (body.length > limits.maxItemBytes) {
      results[index] = { index, status: 413, title: 'Content Too Large', detail: `Item ${index} is ${body.length} bytes; each invoice may have at most ${limits.maxItemBytes} bytes.` };
      return;
    }
    try {
      prepared.push({ index, record: prepareRecord(deps, { body, correlationId, ...submitter }) });
    } catch (error) {
      if (error instanceof IssuerNotAllowedError) {
        results[index] = { index, status: 403, title: 'Forbidden', detail: `Item ${index}: ${error.message}` };
        return;
      }
      if (!(error instanceof InvalidSubmissionError)) throw error;
      results[index] = { index, status: 400, title: 'Bad Request', detail: `Item ${index}: ${error.message}` };
    }
  });

  for (const chunk of chunkBySize(prepared, ({ record }) => record.outgoing.value.length, { maxBytes: limits.maxPublishBytes })) {
    try {
      const receipts = await deps.publisher.publishMany(chunk.map(({ record }) => record.outgoing));
      const published = chunk.map(({ index, record }, position) => {
        const receipt = { messageId: record.messageId, correlationId, ...(receipts[position] as NonNullable<(typeof receipts)[number]>) };
        results[index] = { index, status: 202, ...receipt };
        return { receipt, record };
      });
      await recordAccepted(deps, published);
    } catch (error) {
      if (!(error instanceof PublisherUnavailableError)) throw error;
      for (const { index } of chunk) {
        results[index] = { index, status: 503, title: 'Service Unavailable', detail: `Item ${index} was not accepted because the message broker is unavailable; send it again.` };
      }
    }
  }
  return results;
}
