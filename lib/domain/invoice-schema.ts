/**
 * The invoice document (invoice contract, schema version 1) as a zod schema. Objects are
 * loose at every level: unknown fields pass through untouched, because the contract keeps
 * them (stored, shown, resent) and never rejects for them.
 * Optional fields (dueDate, customer.email) accept null as well as absence: serializers
 * commonly write "no value" as null, and null already means "absent" for required fields.
 */
import { z } from 'zod';
import {
  calendarDateRule,
  currencyRule,
  emailRule,
  invoiceNumberRule,
  itemCountRule,
  numberRule,
  taxIdRule,
  textRule,
} from './invoice-field-rules';

export { INVOICE_LIMITS } from './invoice-limits';
import { INVOICE_LIMITS } from './invoice-limits';

const calendarDate = z.string().superRefine(calendarDateRule);

const party = {
  taxId: z.string().superRefine(taxIdRule),
  name: z.string().superRefine(textRule(INVOICE_LIMITS.maxNameChars)),
};

export const invoiceLineSchema = z.looseObject({
  description: z.string().superRefine(textRule(INVOICE_LIMITS.maxDescriptionChars)),
  quantity: z.number().superRefine(numberRule({ min: 0, minExclusive: true, max: INVOICE_LIMITS.maxQuantity })),
  unitPrice: z.number().superRefine(numberRule({ min: 0, max: INVOICE_LIMITS.maxAmount, maxDecimals: INVOICE_LIMITS.unitPriceDecimals })),
  taxRate: z.number().superRefine(numberRule({ min: 0, max: 1, hint: percentageHint })),
});

/**
 * The lines: counted first, and their items checked only when the count is right, so
 * an over-long invoice gets one TOO_MANY_ITEMS instead of thousands of line reasons.
 */
export const invoiceLinesSchema = z
  .array(z.unknown())
  .superRefine(itemCountRule(INVOICE_LIMITS.minLines, INVOICE_LIMITS.maxLines))
  .pipe(z.array(invoiceLineSchema));

const amount = z.number().superRefine(numberRule({ min: 0, max: INVOICE_LIMITS.maxAmount, maxDecimals: INVOICE_LIMITS.totalDecimals }));

export const invoiceTotalsSchema = z.looseObject({ net: amount, tax: amount, gross: amount });

export const invoiceSchema = z.looseObject({
  invoiceNumber: z.string().superRefine(invoiceNumberRule),
  issueDate: calendarDate,
  dueDate: calendarDate.nullish(),
  currency: z.string().superRefine(currencyRule),
  issuer: z.looseObject(party),
  customer: z.looseObject({ ...party, email: z.string().superRefine(emailRule).nullish() }),
  lines: invoiceLinesSchema,
  totals: invoiceTotalsSchema,
});

/** A valid invoice, unknown fields included. */
export type Invoice = z.infer<typeof invoiceSchema>;
export type InvoiceLine = z.infer<typeof invoiceLineSchema>;
export type InvoiceTotals = z.infer<typeof invoiceTotalsSchema>;

/** Tax rates are fractions; a rate written as a percentage gets told how to write it. */
function percentageHint(rate: number): string {
  if (rate <= 1 || rate > 100) return '';
  return ` Tax rates are fractions: write ${rate}% as ${Number((rate / 100).toPrecision(12))}.`;
}
