/**
 * Settle records that the validator could not process after every retry.
 * Input: records from the on-failure topic (invoices.failed): the original key, value and
 * headers, plus failure headers saying where each came from and why it failed.
 * Output: one outcome per record.
 * Steps: first find what the failed attempts did after all (a write can land after its
 * caller timed out): a record with a recorded outcome keeps it; one whose invoice is stored
 * under its message id (or with the same content) is STORED (or DUPLICATE). Every other
 * record goes to the invalid channel with the single reason PROCESSING_FAILED, its payload
 * byte-exact, its original coordinates and trace ids, so an admin can resend it once the
 * outage is over. This keeps each message in exactly one place; if the stores cannot be
 * read the batch fails and is retried (only invoices.failed waits, never invoices).
 */
import { contentHash } from '../domain/content-hash';
import { decodeInvoicePayload } from '../domain/decode-invoice-payload';
import { FAILED_RECORD_HEADER } from '../domain/failed-record-headers';
import type { IncomingRecord } from '../domain/incoming-record';
import { buildInvalidInvoiceMessage } from '../domain/invalid-invoice-message';
import { reason } from '../domain/reasons';
import { traceOf } from '../domain/record-trace';
import { validateInvoice } from '../domain/validate-invoice';
import type { MessageOutcome } from '../ports/message-log';
import type { ValidateBatchDeps } from './validate-invoice-batch';

/** The same collaborators as the validator: settling is the validator's last word on a record. */
export type SettleFailedDeps = ValidateBatchDeps;

export async function settleFailedRecords(deps: SettleFailedDeps, failedRecords: IncomingRecord[]): Promise<MessageOutcome[]> {
  const detectedAt = deps.now();
  const settled: Array<{ outcome: MessageOutcome; recorded: boolean }> = [];
  const unsettled: Array<ReturnType<typeof originalOf>> = [];
  for (const original of failedRecords.map(originalOf)) {
    const already = await outcomeAlreadyReached(deps, original.record, detectedAt);
    if (already) settled.push(already);
    else unsettled.push(original);
  }
  const messages = unsettled.map(({ record, attempts, failure }) => {
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
  const found = settled.filter(({ recorded }) => !recorded).map(({ outcome }) => outcome);
  await deps.messageLog.recordOutcomes([...found, ...outcomes]);
  return [...settled.map(({ outcome }) => outcome), ...outcomes];
}

/**
 * What the failed attempts achieved for this record, if anything: an outcome already in the
 * message log (recorded), or an invoice found stored (not recorded yet); undefined: nothing.
 */
async function outcomeAlreadyReached(
  deps: SettleFailedDeps,
  record: IncomingRecord,
  now: Date,
): Promise<{ outcome: MessageOutcome; recorded: boolean } | undefined> {
  const trace = traceOf(record);
  const logged = await deps.messageLog.get(trace.messageId);
  if (logged && logged.status !== 'ACCEPTED' && logged.kafka && logged.processedAt && logged.correlationId) {
    const outcome = { ...logged, status: logged.status, kafka: logged.kafka, processedAt: logged.processedAt, correlationId: logged.correlationId };
    return { outcome, recorded: true };
  }
  const decoded = decodeInvoicePayload(record.value, deps.maxPayloadBytes);
  if (!decoded.ok) return undefined;
  const validation = validateInvoice(decoded.document, { submittedAt: record.timestamp });
  if (!validation.valid) return undefined;
  const stored = await deps.invoiceStore.get(validation.identity);
  const status = stored?.messageId === trace.messageId ? 'STORED' : stored?.contentHash === contentHash(decoded.document) ? 'DUPLICATE' : undefined;
  if (!status) return undefined;
  const outcome: MessageOutcome = {
    messageId: trace.messageId,
    status,
    correlationId: trace.correlationId,
    ...(trace.causationId ? { causationId: trace.causationId } : {}),
    kafka: { topic: record.topic, partition: record.partition, offset: record.offset },
    acceptedAt: trace.submittedAt,
    processedAt: now.toISOString(),
    invoice: validation.identity,
  };
  return { outcome, recorded: false };
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
