/**
 * The record of an invoice on its way to the topic, shared by every use case that publishes
 * one (a client's submission, a batch, an admin's resend): the body checked to be one JSON
 * object of an issuer the submitter covers, keyed by the invoice identity when readable, with
 * its trace headers; and, once published, its ACCEPTED entry in the message log.
 */
import { coversIssuer } from '../domain/client';
import { identityKey, readIdentity, readIssuerTaxId, type InvoiceIdentity } from '../domain/invoice-identity';
import { buildRecordHeaders, type RecordSource } from '../domain/message-headers';
import { originOf } from '../domain/message-origin';
import { InvalidSubmissionError, IssuerNotAllowedError } from '../errors';
import type { OutgoingInvoiceRecord, PublishReceipt } from '../ports/invoice-publisher';
import type { Log } from '../ports/log';
import type { MessageLog } from '../ports/message-log';

export interface InvoiceSubmission {
  body: Buffer;
  correlationId: string;
  source?: RecordSource;
  causationId?: string;
  /** The API client submitting; it travels with the record as the client-id header. */
  clientId?: string;
  /** The issuers the submitter may submit for (normalised, or ['*']); absent: any (an admin). */
  allowedIssuers?: readonly string[];
  /**
   * The message id to use; absent: a new one. The API passes the correlation id it made for a
   * request that brought none, so the message is its own correlation (no correlation index entry).
   */
  messageId?: string;
}

export interface SubmissionReceipt extends PublishReceipt {
  messageId: string;
  correlationId: string;
}

export interface PreparedRecord {
  messageId: string;
  source: RecordSource;
  causationId?: string;
  clientId?: string;
  submittedAt: string;
  /** The invoice's identity when the body names one. */
  identity?: InvoiceIdentity;
  outgoing: OutgoingInvoiceRecord;
}

export interface RecordDeps {
  newMessageId: () => string;
  now: () => Date;
}

/**
 * Checks the body is a JSON object of an issuer the submitter covers and builds its record;
 * throws InvalidSubmissionError or IssuerNotAllowedError when it is not. An invoice whose
 * issuer cannot be read goes on: the validator names what is wrong with it.
 *
 * @example
 * prepareRecord({ newMessageId: randomUUID, now: () => new Date() }, { body, correlationId, clientId: 'cl-1', allowedIssuers: ['B12345678'] })
 */
export function prepareRecord(deps: RecordDeps, submission: InvoiceSubmission): PreparedRecord {
  const document = parseJsonObject(submission.body);
  checkIssuer(document, submission.allowedIssuers);
  const messageId = submission.messageId ?? deps.newMessageId();
  const identity = readIdentity(document);
  const source = submission.source ?? 'invoice-api';
  const submittedAt = deps.now();
  const causation = submission.causationId ? { causationId: submission.causationId } : {};
  const client = submission.clientId ? { clientId: submission.clientId } : {};
  const headers = buildRecordHeaders({ messageId, correlationId: submission.correlationId, source, submittedAt, ...causation, ...client });
  return {
    messageId,
    source,
    submittedAt: submittedAt.toISOString(),
    ...causation,
    ...client,
    ...(identity ? { identity } : {}),
    outgoing: { key: identity ? identityKey(identity) : messageId, value: submission.body, headers },
  };
}

/**
 * Notes published messages as ACCEPTED. The record is already durably on the topic, so a
 * failure here must not fail the request: the validator's outcome will be recorded anyway.
 */
export async function recordAccepted(
  deps: { messageLog?: MessageLog; log: Log },
  published: Array<{ receipt: SubmissionReceipt; record: PreparedRecord }>,
): Promise<void> {
  const { messageLog } = deps;
  if (!messageLog) return;
  const results = await Promise.allSettled(
    published.map(({ receipt, record }) =>
      messageLog.recordAccepted({
        messageId: receipt.messageId,
        correlationId: receipt.correlationId,
        ...(record.causationId ? { causationId: record.causationId } : {}),
        source: record.source,
        ...(record.clientId ? { clientId: record.clientId } : {}),
        origin: originOf(receipt),
        acceptedAt: record.submittedAt,
        ...(record.identity ? { invoice: record.identity } : {}),
      }),
    ),
  );
  const failed = results.filter((result) => result.status === 'rejected');
  if (failed.length > 0) {
    deps.log.warn('could not record accepted messages; their outcome will still be recorded', {
      failed: failed.length,
      error: (failed[0] as PromiseRejectedResult).reason as Error,
    });
  }
}

function checkIssuer(document: Record<string, unknown>, allowedIssuers: readonly string[] | undefined): void {
  const issuerTaxId = readIssuerTaxId(document);
  if (!allowedIssuers || !issuerTaxId || coversIssuer(allowedIssuers, issuerTaxId)) return;
  throw new IssuerNotAllowedError(
    `This API key may submit invoices of the issuers ${allowedIssuers.join(', ')} only; this invoice's issuer.taxId is ${issuerTaxId}. Nothing was published. Ask the operators of this API to add the issuer to your key, or send it with the key that covers it.`,
    issuerTaxId,
    allowedIssuers,
  );
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
