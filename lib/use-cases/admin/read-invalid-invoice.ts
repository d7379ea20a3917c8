/**
 * Show one quarantined invoice to an admin.
 * Input: its message id. Output: the entry with payload, reasons, Kafka coordinates and
 * history; each RESENT event carries the current status of the copy it sent, so an admin
 * sees what became of the correction.
 */
import { NotFoundError } from '../../errors';
import type { MessageLog } from '../../ports/message-log';
import type { Quarantine, QuarantineEntry, QuarantineHistoryEntry } from '../../ports/quarantine';
import type { StoredInvoiceLookup } from '../message-outcome';
import { trackMessage } from '../track-message';

export async function readInvalidInvoice(
  deps: { quarantine: Quarantine; messageLog: MessageLog; invoices: StoredInvoiceLookup },
  messageId: string,
): Promise<QuarantineEntry & { history: Array<QuarantineHistoryEntry & { newMessageStatus?: string }> }> {
  const entry = await deps.quarantine.get(messageId);
  if (!entry) throw new NotFoundError(`No quarantined invoice has message id ${messageId}.`);
  const history = await Promise.all(
    entry.history.map(async (event) => {
      if (event.action !== 'RESENT') return event;
      const copy = await trackMessage(deps, event.newMessageId);
      return copy ? { ...event, newMessageStatus: copy.status } : event;
    }),
  );
  return { ...entry, history };
}
