/**
 * The identity of an invoice: its issuer's tax id (upper case, without spaces or
 * '-') and its invoice number (trimmed). Every version of one invoice shares it,
 * so it is also the Kafka record key and lands all versions on one partition.
 */
export interface InvoiceIdentity {
  issuerTaxId: string;
  invoiceNumber: string;
}

/** Upper-cases a tax id and removes spaces and '-'. */
export function normaliseTaxId(taxId: string): string {
  return taxId.replace(/[\s-]/g, '').toUpperCase();
}

/**
 * Reads the identity from a parsed document when both parts are non-empty strings.
 *
 * @example
 * readIdentity({ invoiceNumber: ' F-1 ', issuer: { taxId: 'b-123' } }) // { issuerTaxId: 'B123', invoiceNumber: 'F-1' }
 */
export function readIdentity(document: unknown): InvoiceIdentity | undefined {
  if (!isObject(document) || !isObject(document.issuer)) return undefined;
  const { invoiceNumber } = document;
  const { taxId } = document.issuer;
  if (typeof invoiceNumber !== 'string' || typeof taxId !== 'string') return undefined;
  const identity = { issuerTaxId: normaliseTaxId(taxId), invoiceNumber: invoiceNumber.trim() };
  return identity.issuerTaxId && identity.invoiceNumber ? identity : undefined;
}

/** The issuer's tax id (normalised) when the document names one as a non-empty string. */
export function readIssuerTaxId(document: unknown): string | undefined {
  if (!isObject(document) || !isObject(document.issuer) || typeof document.issuer.taxId !== 'string') return undefined;
  return normaliseTaxId(document.issuer.taxId) || undefined;
}

/** The record key `{issuerTaxId}/{invoiceNumber}`. */
export function identityKey(identity: InvoiceIdentity): string {
  return `${identity.issuerTaxId}/${identity.invoiceNumber}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
