/**
 * A message's outcome as the stores hold it.
 * Input: the message's entry in the message log. Output: the entry with its outcome.
 * Steps: an entry still ACCEPTED that names its invoice is STORED when the stored invoice
 * names this message (the validator writes no STORED row for it: one write less per valid
 * invoice, docs/write-costs.md), stored at the invoice's `storedAt`; otherwise it is as logged.
 */
import type { InvoiceStore } from '../ports/invoice-store';
import type { MessageEntry } from '../ports/message-log';

export type StoredInvoiceLookup = Pick<InvoiceStore, 'get'>;

export async function resolveOutcome(invoices: StoredInvoiceLookup, entry: MessageEntry): Promise<MessageEntry> {
  if (entry.status !== 'ACCEPTED' || !entry.invoice) return entry;
  const stored = await invoices.get(entry.invoice);
  return stored?.messageId === entry.messageId ? { ...entry, status: 'STORED', processedAt: stored.storedAt } : entry;
}
