/**
 * Resend a quarantined invoice, corrected or as it was.
 * Input: the message id, who, and optionally the corrected invoice (raw JSON bytes).
 * Output: the id of the new message.
 * Steps: validate the invoice to send with the same rules as the validator (422 with every
 * reason, and nothing sent, when it still breaks one; the attempt is kept in the history);
 * claim the entry (PENDING -> RESENT, linked to the new message id) so that of two concurrent
 * resends exactly one goes on; publish the copy with causation-id = the original message id
 * and the original correlation id; if Kafka refuses it, put the entry back to PENDING.
 */
import { createHash, randomUUID } from 'node:crypto';
import { decodeInvoicePayload } from '../../domain/decode-invoice-payload';
import { payloadBytes } from '../../domain/invalid-invoice-message';
import { validateInvoice } from '../../domain/validate-invoice';
import { ConflictError, NotFoundError, ResendRejectedError } from '../../errors';
import type { InvoicePublisher } from '../../ports/invoice-publisher';
import type { Log } from '../../ports/log';
import type { MessageLog } from '../../ports/message-log';
import type { Quarantine, QuarantineEntry } from '../../ports/quarantine';
import { prepareRecord, recordAccepted } from '../invoice-record';

export interface ResendDeps {
  quarantine: Quarantine;
  publisher: InvoicePublisher;
  messageLog: MessageLog;
  now: () => Date;
  newMessageId?: () => string;
  maxPayloadBytes: number;
  log: Log;
}

export interface ResendRequest {
  messageId: string;
  by: string;
  /** The corrected invoice; absent to resend the original as it was. */
  correctedBody?: Buffer;
}

export async function resendInvalidInvoice(deps: ResendDeps, request: ResendRequest): Promise<{ newMessageId: string }> {
  const entry = await deps.quarantine.get(request.messageId);
  if (!entry) throw new NotFoundError(`No quarantined invoice has message id ${request.messageId}.`);
  if (entry.status !== 'PENDING') throw notPending(entry);
  const body = request.correctedBody ?? originalBody(entry);
  const now = deps.now();
  await checkValid(deps, entry, body, now, request.by);

  const newMessageId = (deps.newMessageId ?? randomUUID)();
  const corrected = request.correctedBody !== undefined;
  const claim = await deps.quarantine.changeIfPending(entry.messageId, {
    status: 'RESENT',
    resentAs: newMessageId,
    event: {
      at: now.toISOString(),
      action: 'RESENT',
      by: request.by,
      newMessageId,
      corrected,
      ...(corrected ? { correctedPayloadSha256: createHash('sha256').update(body).digest('hex') } : {}),
      before: { status: 'PENDING' },
      after: { status: 'RESENT', resentAs: newMessageId },
    },
  });
  if (claim !== 'changed') throw notPending((await deps.quarantine.get(entry.messageId)) ?? entry);

  const record = prepareRecord(
    { newMessageId: () => newMessageId, now: () => now },
    // The copy stays the client's own: it sees it as it saw the original.
    { body, correlationId: entry.correlationId, causationId: entry.messageId, source: 'admin-resend', ...(entry.clientId ? { clientId: entry.clientId } : {}) },
  );
  try {
    const receipt = await deps.publisher.publish(record.outgoing);
    await recordAccepted(deps, [{ receipt: { messageId: newMessageId, correlationId: entry.correlationId, ...receipt }, record }]);
  } catch (error) {
    await deps.quarantine.revertResend(entry.messageId, newMessageId, {
      at: deps.now().toISOString(),
      action: 'RESEND_FAILED',
      by: request.by,
      newMessageId,
      note: (error as Error).message,
    });
    throw error;
  }
  deps.log.info('admin action', { action: 'RESENT', by: request.by, messageId: entry.messageId, newMessageId, corrected, before: 'PENDING', after: 'RESENT' });
  return { newMessageId };
}

function originalBody(entry: QuarantineEntry): Buffer {
  if (entry.payloadTruncated) {
    throw new ResendRejectedError('The original record was larger than the quarantine keeps; send the corrected invoice as the body.', entry.reasons);
  }
  return payloadBytes(entry);
}

/** Runs the validator's own checks, with now as the submission time the copy will get. */
async function checkValid(deps: ResendDeps, entry: QuarantineEntry, body: Buffer, now: Date, by: string): Promise<void> {
  const decoded = decodeInvoicePayload(body, deps.maxPayloadBytes);
  const reasons = decoded.ok ? validationReasons(decoded.document, now) : decoded.reasons;
  if (reasons.length === 0) return;
  await deps.quarantine.appendHistory(entry.messageId, { at: now.toISOString(), action: 'RESEND_REJECTED', by, reasons });
  throw new ResendRejectedError(
    `The invoice still breaks ${reasons.length} rule(s); nothing was sent. Correct what the reasons say and resend.`,
    reasons,
  );
}

function validationReasons(document: Record<string, unknown>, submittedAt: Date) {
  const validation = validateInvoice(document, { submittedAt });
  return validation.valid ? [] : validation.reasons;
}

function notPending(entry: QuarantineEntry): ConflictError {
  const link = entry.resentAs ? ` (resent as ${entry.resentAs})` : '';
  return new ConflictError(`Message ${entry.messageId} is ${entry.status}${link}, not PENDING; it cannot be resent again.`);
}
