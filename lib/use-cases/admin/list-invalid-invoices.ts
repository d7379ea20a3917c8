/**
 * List quarantined invoices for admins.
 * Input: filters (status, category, code, client, date range) and a page (limit, cursor).
 * Output: summaries newest first, and the cursor of the next page when there is one.
 */
import type { Quarantine, QuarantineFilter, QuarantineListItem } from '../../ports/quarantine';

/** One line of the list: what an admin scans before opening an entry. */
export type InvalidInvoiceSummary = QuarantineListItem;

export async function listInvalidInvoices(
  deps: { quarantine: Quarantine },
  filter: QuarantineFilter,
  page: { limit: number; cursor?: string },
): Promise<{ items: InvalidInvoiceSummary[]; nextCursor?: string }> {
  const result = await deps.quarantine.list(filter, page);
  return { items: result.items, ...(result.nextCursor ? { nextCursor: result.nextCursor } : {}) };
}
