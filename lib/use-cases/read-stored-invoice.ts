/**
 * Read a stored invoice by its identity.
 * Input: issuer tax id and invoice number as a client writes them (normalised here, the way
 * the validator normalised them when it stored the invoice). Output: the stored invoice or undefined.
 */
import { normaliseTaxId } from '../domain/invoice-identity';
import type { InvoiceStore, StoredInvoice } from '../ports/invoice-store';

export async function readStoredInvoice(
  deps: { invoiceStore: InvoiceStore },
  request: { issuerTaxId: string; invoiceNumber: string },
): Promise<StoredInvoice | undefined> {
  const identity = { issuerTaxId: normaliseTaxId(request.issuerTaxId), invoiceNumber: request.invoiceNumber.trim() };
  if (!identity.issuerTaxId || !identity.invoiceNumber) return undefined;
  return deps.invoiceStore.get(identity);
}
