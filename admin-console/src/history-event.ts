/**
 * What an event of a quarantined invoice's history says beyond its time, action and author,
 * read from each kind of event by its action (the console and the CLI both show it). Pure.
 *
 * @example
 * eventDetails({ action: 'DISCARDED', at: 't', note: 'sent twice' }) // { note: 'sent twice', reasons: [] }
 */
import type { ApiReason } from '../../lib/contracts/reasons';
import type { QuarantineEvent } from '../../lib/contracts/admin-api';

export interface EventDetails {
  note?: string;
  /** The copy a resend sent (or tried to), and what became of it when the entry was read. */
  copy?: { messageId: string; status?: string };
  reasons: ApiReason[];
}

export function eventDetails(event: QuarantineEvent): EventDetails {
  switch (event.action) {
    case 'QUARANTINED':
      return { reasons: [] };
    case 'RESEND_REJECTED':
      return { reasons: event.reasons };
    case 'RESENT':
      return { ...(event.note ? { note: event.note } : {}), copy: { messageId: event.newMessageId, ...(event.newMessageStatus ? { status: event.newMessageStatus } : {}) }, reasons: [] };
    case 'RESEND_FAILED':
      return { note: event.note, copy: { messageId: event.newMessageId, status: 'not published' }, reasons: [] };
    case 'DISCARDED':
      return { note: event.note, reasons: [] };
  }
}
