/**
 * Settle records that the trigger gave up delivering to the validator.
 * Input: the failed deliveries read from the failure channel (invoices.failed): each
 * original record (key, value and headers as they were on the source topic, with its
 * coordinates) and why the trigger gave up; or a record that is not a failure report.
 * Output: one outcome per record.
 * Steps: first find what the failed attempts did after all (a write can land after its
 * caller timed out): a record with a recorded outcome keeps it; one whose invoice is stored
 * under its message id (or with the same content) is STORED (or DUPLICATE). A valid invoice
 * not stored is fenced out first, in the same write that looks (a put of the validator's
 * still in flight then fails, so it cannot land once the record is quarantined). Every other
 * record goes to the invalid channel with the single reason PROCESSING_FAILED, its payload
 * byte-exact, its original coordinates and trace ids, so an admin can resend it once the
 * outage is over; what is not a failure report is quarantined as it arrived, saying so.
 * This keeps each message in exactly one place; if a store fails, the whole batch fails and
 * is retried (only invoices.failed waits, never invoices), which the idempotent stores allow.
 */
import { contentHash } from '../domain/content-hash';
import { decodeInvoicePayload } from '../domain/decode-invoice-payload';
import type { DeliveryFailure, FailedDelivery } from '../domain/failed-delivery';
import type { IncomingMessage } from '../domain/incoming-message';
import { buildInvalidInvoiceMessage } from '../domain/invalid-invoice-message';
import { originOf } from '../domain/message-origin';
import { reason, type Reason } from '../domain/reasons';
import { traceOf } from '../domain/message-trace';
import { validateInvoice } from '../domain/validate-invoice';
import { StoreUnavailableError } from '../errors';
import type { FailedItems } from '../ports/failed-items';
import type { MessageOutcome } from '../ports/message-log';
import type { ValidateBatchDeps } from './validate-invoice-batch';

/** The same collaborators as the validator: settling is the validator's last word on a record. */
export type SettleFailedDeps = ValidateBatchDeps;

export async function settleFailedRecords(deps: SettleFailedDeps, failed: FailedDelivery[]): Promise<MessageOutcome[]> {
  const detectedAt = deps.now();
  const settled: Array<{ outcome: MessageOutcome; recorded: boolean }> = [];
  const unsettled: FailedDelivery[] = [];
  for (const delivery of failed) {
    const already = await outcomeAlreadyReached(deps, delivery.record, detectedAt);
    if (already) settled.push(already);
    else unsettled.push(delivery);
  }
  const messages = unsettled.map(({ record, failure }) =>
    buildInvalidInvoiceMessage(record, [processingFailed(failure)], {
      ...traceOf(record),
      detectedAt,
      validator: deps.validator,
      maxPayloadBytes: deps.maxPayloadBytes,
    }),
  );
  throwIfAnyFailed(await deps.invalidChannel.send(messages), 'the invalid channel');
  const outcomes = messages.map(
    (message): MessageOutcome => ({
      messageId: message.messageId,
      status: 'INVALID',
      correlationId: message.correlationId,
      ...(message.causationId ? { causationId: message.causationId } : {}),
      ...(message.clientId ? { clientId: message.clientId } : {}),
      origin: originOf(message.source),
      processedAt: detectedAt.toISOString(),
      reasons: message.reasons,
    }),
  );
  const found = settled.filter(({ recorded }) => !recorded).map(({ outcome }) => outcome);
  throwIfAnyFailed(await deps.messageLog.recordOutcomes([...found, ...outcomes]), 'the message log');
  return [...settled.map(({ outcome }) => outcome), ...outcomes];
}

function processingFailed(failure: DeliveryFailure): Reason {
  if (failure.kind === 'not-a-failure-report') {
    return reason(
      'PROCESSING_FAILED',
      '',
      `This record reached the failure topic but is not a failure record of the event source mapping: ${failure.problem}. ` +
        'It is kept here exactly as it arrived; look at its payload, then resend it if it is an invoice or discard it.',
    );
  }
  return reason(
    'PROCESSING_FAILED',
    '',
    `The invoice could not be processed: the trigger gave up (${failure.condition}) after ${failure.invocations} invocation(s). ` +
      'This is not a fault of the invoice as far as we know: resend it as it is once the outage is over.',
  );
}

function throwIfAnyFailed(failed: FailedItems, where: string): void {
  const [first] = failed.values();
  if (first) throw new StoreUnavailableError(`${failed.size} record(s) could not be written to ${where}: ${first.message}`, first);
}

/**
 * What the failed attempts achieved for this record, if anything: an outcome already in the
 * message log (recorded), or an invoice found stored (not recorded yet); undefined: nothing.
 */
async function outcomeAlreadyReached(
  deps: SettleFailedDeps,
  record: IncomingMessage,
  now: Date,
): Promise<{ outcome: MessageOutcome; recorded: boolean } | undefined> {
  const trace = traceOf(record);
  const logged = await deps.messageLog.get(trace.messageId);
  if (logged && logged.status !== 'ACCEPTED' && logged.origin && logged.processedAt && logged.correlationId) {
    const outcome = { ...logged, status: logged.status, origin: logged.origin, processedAt: logged.processedAt, correlationId: logged.correlationId };
    return { outcome, recorded: true };
  }
  const decoded = decodeInvoicePayload(record.payload, deps.maxPayloadBytes);
  if (!decoded.ok) return undefined;
  const validation = validateInvoice(decoded.document, { submittedAt: record.timestamp });
  if (!validation.valid) return undefined;
  const fence = await deps.invoiceStore.fenceOut(validation.identity, trace.messageId);
  const stored = fence.fenced ? undefined : fence.existing;
  const status = stored?.messageId === trace.messageId ? 'STORED' : stored?.contentHash === contentHash(decoded.document) ? 'DUPLICATE' : undefined;
  if (!status) return undefined;
  const outcome: MessageOutcome = {
    messageId: trace.messageId,
    status,
    correlationId: trace.correlationId,
    ...(trace.causationId ? { causationId: trace.causationId } : {}),
    ...(trace.clientId ? { clientId: trace.clientId } : {}),
    origin: record.origin,
    acceptedAt: trace.submittedAt,
    processedAt: now.toISOString(),
    invoice: validation.identity,
  };
  return { outcome, recorded: false };
}
