/**
 * Submit several invoices in one request.
 * Input: the raw text of each item (as the client wrote it), a correlation id for all, and who
 * submits them.
 * Output: one outcome per item, in order: where it went, or why it was not taken.
 * Steps: items that are not JSON objects, are too large, or name an issuer the submitter does
 * not cover are refused alone; the others are published in requests of bounded size; a request
 * Kafka refuses marks its items unavailable, so the client resends exactly those.
 */
import { chunkBySize } from '../chunk-by-size';
import { InvalidSubmissionError, IssuerNotAllowedError, PublisherUnavailableError } from '../errors';
import { prepareRecord, recordAccepted, type PreparedRecord, type SubmissionReceipt } from './invoice-record';
import type { SubmitInvoiceDeps } from './submit-invoice';

export type BatchItemOutcome =
  | { index: number; outcome: 'accepted'; receipt: SubmissionReceipt }
  | { index: number; outcome: 'not-an-invoice' | 'issuer-not-covered' | 'too-large' | 'broker-unavailable'; detail: string };

export interface BatchLimits {
  maxItemBytes: number;
  /** Bytes per publish request: Kafka refuses record batches over its message.max.bytes (1 MiB by default). */
  maxPublishBytes: number;
}

/** Who submits the batch: the client id and the issuers it may submit for (absent: an admin). */
export interface BatchSubmitter {
  clientId?: string;
  allowedIssuers?: readonly string[];
}

export async function submitInvoiceBatch(
  deps: SubmitInvoiceDeps,
  items: string[],
  correlationId: string,
  limits: BatchLimits,
  submitter: BatchSubmitter = {},
): Promise<BatchItemOutcome[]> {
  const outcomes = new Array<BatchItemOutcome>(items.length);
  const prepared: Array<{ index: number; record: PreparedRecord }> = [];
  items.forEach((item, index) => {
    const body = Buffer.from(item, 'utf8');
    if (body.length > limits.maxItemBytes) {
      outcomes[index] = { index, outcome: 'too-large', detail: `Item ${index} is ${body.length} bytes; each invoice may have at most ${limits.maxItemBytes} bytes.` };
      return;
    }
    try {
      prepared.push({ index, record: prepareRecord(deps, { body, correlationId, ...submitter }) });
    } catch (error) {
      if (error instanceof IssuerNotAllowedError) outcomes[index] = { index, outcome: 'issuer-not-covered', detail: `Item ${index}: ${error.message}` };
      else if (error instanceof InvalidSubmissionError) outcomes[index] = { index, outcome: 'not-an-invoice', detail: `Item ${index}: ${error.message}` };
      else throw error;
    }
  });

  for (const chunk of chunkBySize(prepared, ({ record }) => record.outgoing.value.length, { maxBytes: limits.maxPublishBytes })) {
    try {
      const receipts = await deps.publisher.publishMany(chunk.map(({ record }) => record.outgoing));
      const published = chunk.map(({ index, record }, position) => {
        const receipt = { messageId: record.messageId, correlationId, ...(receipts[position] as NonNullable<(typeof receipts)[number]>) };
        outcomes[index] = { index, outcome: 'accepted', receipt };
        return { receipt, record };
      });
      await recordAccepted(deps, published);
    } catch (error) {
      if (!(error instanceof PublisherUnavailableError)) throw error;
      for (const { index } of chunk) {
        outcomes[index] = { index, outcome: 'broker-unavailable', detail: `Item ${index} was not accepted because the message broker is unavailable; send it again.` };
      }
    }
  }
  return outcomes;
}
