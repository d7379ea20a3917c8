/**
 * Settle records that the validator could not process after every retry.
 * Input: records from the on-failure topic (invoices.failed): the original key, value and
 * headers, plus failure headers saying where each came from and why it failed.
 * Output: one INVALID outcome per record.
 * Steps: send each to the invalid channel with the single reason PROCESSING_FAILED, its
 * payload byte-exact and its original Kafka coordinates and trace ids, so an admin can
 * resend it once the outage is over; record the outcome. Rejects (and the batch is retried)
 * unless all are durably in the channel.
 */
import { FAILED_RECORD_HEADER } from '../domain/failed-record-headers';
import type { IncomingRecord } from '../domain/incoming-record';
import { buildInvalidInvoiceMessage, type ValidatorIdentity } from '../domain/invalid-invoice-message';
import { reason } from '../domain/reasons';
import { traceOf } from '../domain/record-trace';
import type { InvalidChannel } from '../ports/invalid-channel';
import type { MessageLog, MessageOutcome } from '../ports/message-log';

export interface SettleFailedDeps {
  invalidChannel: InvalidChannel;
  messageLog: MessageLog;
  now: () => Date;
  validator: ValidatorIdentity;
  maxPayloadBytes: number;
}

export async function settleFailedRecords(deps: SettleFailedDeps, failedRecords: IncomingRecord[]): Promise<MessageOutcome[]> {
  const detectedAt = deps.now();
  const originals = failedRecords.map(originalOf);
  const messages = originals.map(({ record, attempts, failure }) => {
    const trace = traceOf(record);
    const why = reason(
      'PROCESSING_FAILED',
      '',
      `The invoice could not be processed after ${attempts} attempt(s) (${failure}). This is not a fault of the invoice as far as we know: resend it as it is once the outage is over.`,
    );
    return buildInvalidInvoiceMessage(record, [why], { ...trace, detectedAt, validator: deps.validator, maxPayloadBytes: deps.maxPayloadBytes });
  });
  await deps.invalidChannel.send(messages);
  const outcomes = messages.map(
    (message): MessageOutcome => ({
      messageId: message.messageId,
      status: 'INVALID',
      correlationId: message.correlationId,
      ...(message.causationId ? { causationId: message.causationId } : {}),
      kafka: { topic: message.source.topic, partition: message.source.partition, offset: message.source.offset },
      processedAt: detectedAt.toISOString(),
      reasons: message.reasons,
    }),
  );
  await deps.messageLog.recordOutcomes(outcomes);
  return outcomes;
}

/** The record as it was on the source topic, rebuilt from the failure headers (the failure headers removed). */
function originalOf(failed: IncomingRecord): { record: IncomingRecord; attempts: string; failure: string } {
  const headers = { ...failed.headers };
  const take = (name: string) => {
    const value = headers[name];
    delete headers[name];
    return value;
  };
  const topic = take(FAILED_RECORD_HEADER.sourceTopic);
  const partition = take(FAILED_RECORD_HEADER.sourcePartition);
  const offset = take(FAILED_RECORD_HEADER.sourceOffset);
  const timestamp = take(FAILED_RECORD_HEADER.sourceTimestamp);
  const attempts = take(FAILED_RECORD_HEADER.attempts) ?? 'several';
  const failure = take(FAILED_RECORD_HEADER.reason) ?? 'no reason recorded';
  // A record without failure headers (another producer's) is settled where it sits.
  const record: IncomingRecord = {
    ...failed,
    headers,
    ...(topic ? { topic } : {}),
    ...(partition !== undefined && !Number.isNaN(Number(partition)) ? { partition: Number(partition) } : {}),
    ...(offset ? { offset } : {}),
    ...(timestamp && !Number.isNaN(Number(timestamp)) ? { timestamp: new Date(Number(timestamp)) } : {}),
  };
  return { record, attempts, failure };
}
