/**
 * The invoice contract's limits, in one place: the rules check them, and the API document's
 * invoice schema is generated from them (lib/contracts/invoice.ts).
 */
export const INVOICE_LIMITS = {
  maxInvoiceNumberChars: 64,
  minTaxIdChars: 3,
  maxTaxIdChars: 32,
  minLines: 1,
  maxLines: 1000,
  maxNameChars: 200,
  maxDescriptionChars: 500,
  maxQuantity: 1_000_000,
  maxAmount: 1_000_000_000,
  unitPriceDecimals: 4,
  totalDecimals: 2,
} as const;
