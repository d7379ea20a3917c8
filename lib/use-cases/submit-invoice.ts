/**
 * Submit one invoice.
 * Input: the body bytes exactly as received, a correlation id, and who submits it (a client
 * id and the issuers it may submit for).
 * Output: where the record went (message id, topic, partition, offset).
 * Steps: check the bytes are one JSON object (business rules are the validator's job,
 * because records also reach the topic from other producers) whose issuer, when it names
 * one, the submitter may submit for; key the record by the invoice identity when it is
 * readable; publish the bytes untouched with trace headers (the client id among them);
 * note the message ACCEPTED.
 */
import type { InvoicePublisher } from '../ports/invoice-publisher';
import type { Log } from '../ports/log';
import type { MessageLog } from '../ports/message-log';
import { prepareRecord, recordAccepted, type InvoiceSubmission, type RecordDeps, type SubmissionReceipt } from './invoice-record';

export interface SubmitInvoiceDeps extends RecordDeps {
  publisher: InvoicePublisher;
  /** Where GET /messages finds the message as ACCEPTED until the validator decides. */
  messageLog?: MessageLog;
  log: Log;
}

export async function submitInvoice(deps: SubmitInvoiceDeps, submission: InvoiceSubmission): Promise<SubmissionReceipt> {
  const record = prepareRecord(deps, submission);
  const receipt = await deps.publisher.publish(record.outgoing);
  const accepted = { messageId: record.messageId, correlationId: submission.correlationId, ...receipt };
  await recordAccepted(deps, [{ receipt: accepted, record }]);
  return accepted;
}
