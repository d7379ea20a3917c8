/**
 * List quarantined invoices for admins.
 * Input: filters (status, category, code, date range) and a page (limit, cursor).
 * Output: summaries newest first, and the cursor of the next page when there is one.
 */
import type { QuarantineEntry, Quarantine, QuarantineFilter } from '../../ports/quarantine';

export interface InvalidInvoiceSummary {
  messageId: string;
  status: QuarantineEntry['status'];
  correlationId: string;
  /** The API client that sent it; absent for a record produced straight to the topic. */
  clientId?: string;
  issuerTaxId?: string;
  invoiceNumber?: string;
  quarantinedAt: string;
  category: QuarantineEntry['category'];
  codes: QuarantineEntry['codes'];
  reasons: QuarantineEntry['reasons'];
  resentAs?: string;
}

export async function listInvalidInvoices(
  deps: { quarantine: Quarantine },
  filter: QuarantineFilter,
  page: { limit: number; cursor?: string },
): Promise<{ items: InvalidInvoiceSummary[]; nextCursor?: string }> {
  const result = await deps.quarantine.list(filter, page);
  return { items: result.items.map(summaryOf), ...(result.nextCursor ? { nextCursor: result.nextCursor } : {}) };
}

export function summaryOf(entry: QuarantineEntry): InvalidInvoiceSummary {
  return {
    messageId: entry.messageId,
    status: entry.status,
    correlationId: entry.correlationId,
    ...(entry.clientId ? { clientId: entry.clientId } : {}),
    ...(entry.issuerTaxId ? { issuerTaxId: entry.issuerTaxId } : {}),
    ...(entry.invoiceNumber ? { invoiceNumber: entry.invoiceNumber } : {}),
    quarantinedAt: entry.quarantinedAt,
    category: entry.category,
    codes: entry.codes,
    reasons: entry.reasons,
    ...(entry.resentAs ? { resentAs: entry.resentAs } : {}),
  };
}
