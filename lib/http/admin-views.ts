/**
 * The admin API's view of a quarantine entry: what the contract (lib/contracts/admin-api.ts)
 * promises, built field by field so that what the store keeps for itself (whether admins were
 * notified, index bookkeeping) never leaks into an answer. The return types are the contract's
 * own, so a field the contract lacks, or lacks here, fails to compile.
 */
import type { z } from 'zod';
import type { invalidInvoiceSchema } from '../contracts/admin-api';
import { listItemOf, type QuarantineEntry, type QuarantineHistoryEntry } from '../ports/quarantine';

export type InvalidInvoiceAnswer = z.input<typeof invalidInvoiceSchema>;

/** A history event as read back, with what became of a resent copy when it is known. */
export type ReadHistoryEvent = QuarantineHistoryEntry & { newMessageStatus?: string };

export function invalidInvoiceView(entry: QuarantineEntry & { history: ReadHistoryEvent[] }): InvalidInvoiceAnswer {
  return {
    ...listItemOf(entry),
    ...(entry.causationId ? { causationId: entry.causationId } : {}),
    reasons: entry.reasons,
    detectedAt: entry.detectedAt,
    source: entry.source,
    headers: entry.headers,
    payload: entry.payload,
    payloadEncoding: entry.payloadEncoding,
    payloadSizeBytes: entry.payloadSizeBytes,
    ...(entry.payloadTruncated ? { payloadTruncated: true } : {}),
    validator: entry.validator,
    history: entry.history.map(historyEventView),
  };
}

function historyEventView(event: ReadHistoryEvent): InvalidInvoiceAnswer['history'][number] {
  const by = event.by ? { by: event.by } : {};
  switch (event.action) {
    case 'QUARANTINED':
      return { action: event.action, at: event.at, ...by };
    case 'RESEND_REJECTED':
      return { action: event.action, at: event.at, ...by, reasons: event.reasons };
    case 'RESENT':
      return {
        action: event.action,
        at: event.at,
        ...by,
        newMessageId: event.newMessageId,
        ...(event.newMessageStatus ? { newMessageStatus: event.newMessageStatus } : {}),
        ...(event.corrected !== undefined ? { corrected: event.corrected } : {}),
        ...(event.correctedPayloadSha256 ? { correctedPayloadSha256: event.correctedPayloadSha256 } : {}),
        ...(event.note ? { note: event.note } : {}),
      };
    case 'RESEND_FAILED':
      return { action: event.action, at: event.at, ...by, newMessageId: event.newMessageId, note: event.note };
    case 'DISCARDED':
      return { action: event.action, at: event.at, ...by, note: event.note };
  }
}
