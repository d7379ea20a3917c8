/**
 * Discard a quarantined invoice.
 * Input: its message id, who, and a note saying why (required: the audit needs it).
 * Output: the entry as it is now. Only a PENDING entry can be discarded.
 */
import { BadRequestError, ConflictError, NotFoundError } from '../../errors';
import type { Log } from '../../ports/log';
import type { Quarantine, QuarantineEntry } from '../../ports/quarantine';

const MAX_NOTE_LENGTH = 1000;

export async function discardInvalidInvoice(
  deps: { quarantine: Quarantine; now: () => Date; log: Log },
  request: { messageId: string; by: string; note: unknown },
): Promise<QuarantineEntry> {
  const note = typeof request.note === 'string' ? request.note.trim() : '';
  if (!note) throw new BadRequestError('Say why you discard it: send {"note": "..."} with a non-empty note.');
  if (note.length > MAX_NOTE_LENGTH) throw new BadRequestError(`The note has ${note.length} characters; keep it under ${MAX_NOTE_LENGTH}.`);
  const at = deps.now().toISOString();
  const attempt = await deps.quarantine.changeIfPending(request.messageId, {
    status: 'DISCARDED',
    event: { at, action: 'DISCARDED', by: request.by, note, before: { status: 'PENDING' }, after: { status: 'DISCARDED' } },
  });
  if (attempt === 'missing') throw new NotFoundError(`No quarantined invoice has message id ${request.messageId}.`);
  const entry = (await deps.quarantine.get(request.messageId)) as QuarantineEntry;
  if (attempt === 'not-pending') {
    throw new ConflictError(`Message ${request.messageId} is ${entry.status}, not PENDING; only a pending invoice can be discarded.`);
  }
  deps.log.info('admin action', { action: 'DISCARDED', by: request.by, messageId: request.messageId, before: 'PENDING', after: 'DISCARDED' });
  return entry;
}
