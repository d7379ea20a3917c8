/**
 * Submit one invoice.
 * Input: the body bytes exactly as received, a correlation id.
 * Output: where the record went (message id, topic, partition, offset).
 * Steps: check the bytes are one JSON object (business rules are the validator's job,
 * because records also reach the topic from other producers), key the record by the
 * invoice identity when it is readable, publish the bytes untouched with trace headers.
 */
import { identityKey, readIdentity } from '../domain/invoice-identity';
import { buildRecordHeaders, type RecordSource } from '../domain/record-headers';
import { InvalidSubmissionError } from '../errors';
import type { InvoicePublisher, OutgoingInvoiceRecord, PublishReceipt } from '../ports/invoice-publisher';

export interface SubmitInvoiceDeps {
  publisher: InvoicePublisher;
  newMessageId: () => string;
  now: () => Date;
}

export interface InvoiceSubmission {
  body: Buffer;
  correlationId: string;
  source?: RecordSource;
  causationId?: string;
}

export interface SubmissionReceipt extends PublishReceipt {
  messageId: string;
  correlationId: string;
}

export async function submitInvoice(deps: SubmitInvoiceDeps, submission: InvoiceSubmission): Promise<SubmissionReceipt> {
  const record = prepareRecord(deps, submission);
  const receipt = await deps.publisher.publish(record.outgoing);
  return { messageId: record.messageId, correlationId: submission.correlationId, ...receipt };
}

export interface PreparedRecord {
  messageId: string;
  outgoing: OutgoingInvoiceRecord;
}

/** Checks the body is a JSON object and builds its record; throws InvalidSubmissionError when it is not. */
export function prepareRecord(deps: Omit<SubmitInvoiceDeps, 'publisher'>, submission: InvoiceSubmission): PreparedRecord {
  const document = parseJsonObject(submission.body);
  const messageId = deps.newMessageId();
  const identity = readIdentity(document);
  const headers = buildRecordHeaders({
    messageId,
    correlationId: submission.correlationId,
    source: submission.source ?? 'invoice-api',
    submittedAt: deps.now(),
    ...(submission.causationId ? { causationId: submission.causationId } : {}),
  });
  return { messageId, outgoing: { key: identity ? identityKey(identity) : messageId, value: submission.body, headers } };
}

function parseJsonObject(body: Buffer): Record<string, unknown> {
  if (body.length === 0) throw new InvalidSubmissionError('The body is empty; send the invoice as a JSON object.');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw new InvalidSubmissionError('The body is not valid UTF-8; send the invoice as UTF-8 encoded JSON.');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new InvalidSubmissionError(`The body is not valid JSON (${(error as Error).message}); send the invoice as a JSON object.`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    const kind = Array.isArray(parsed) ? 'an array' : parsed === null ? 'null' : `a ${typeof parsed}`;
    throw new InvalidSubmissionError(`The body is ${kind}; send one invoice as a JSON object (use POST /invoices/batch for several).`);
  }
  return parsed as Record<string, unknown>;
}
