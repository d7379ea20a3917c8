/**
 * The invoice as the API document describes it, generated into docs/openapi.yaml. The
 * validator's own schema (lib/domain/invoice-schema.ts) checks with refinements that JSON
 * Schema cannot show; this one says the same limits, read from the same INVOICE_LIMITS.
 */
import { z } from 'zod';
import { INVOICE_LIMITS } from '../domain/invoice-limits';

const L = INVOICE_LIMITS;

export const calendarDateSchema = z
  .string()
  .meta({ id: 'CalendarDate', format: 'date', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'A real calendar date written `YYYY-MM-DD` (2026-02-30 is not one).', examples: ['2026-11-20'] });

export const taxIdSchema = z.string().meta({
  id: 'TaxId',
  description: `A tax id: ${L.minTaxIdChars} to ${L.maxTaxIdChars} letters and digits once spaces and \`-\` are removed (\`B-1234 5678\`\nis \`B12345678\`). Compared in upper case.\n`,
  pattern: `^[\\s-]*(?:[A-Za-z0-9][\\s-]*){${L.minTaxIdChars},${L.maxTaxIdChars}}$`,
  examples: ['B12345678'],
});

export const partyNameSchema = z.string().meta({
  id: 'PartyName',
  description: `A legal name, 1 to ${L.maxNameChars} characters once leading and trailing white space is trimmed.`,
  pattern: `^\\s*\\S(?:[\\s\\S]{0,${L.maxNameChars - 2}}\\S)?\\s*$`,
  examples: ['Acme Servicios S.L.'],
});

export const issuerSchema = z.looseObject({ taxId: taxIdSchema, name: partyNameSchema }).meta({ id: 'Issuer', description: 'Who issued the invoice.' });

export const customerSchema = z
  .looseObject({
    taxId: taxIdSchema,
    name: partyNameSchema,
    email: z.string().optional().meta({ format: 'email', description: 'Optional. Where the customer receives invoices; a syntactically valid e-mail address.', examples: ['ap@cliente.example'] }),
  })
  .meta({ id: 'Customer', description: 'Who the invoice is addressed to.' });

const thousands = (value: number) => value.toLocaleString('en-US');

export const invoiceLineSchema = z
  .looseObject({
    description: z.string().min(1).max(L.maxDescriptionChars).meta({ description: `What was sold, 1 to ${L.maxDescriptionChars} characters.` }),
    quantity: z.number().gt(0).max(L.maxQuantity).meta({ description: `How many units; more than 0 and at most ${thousands(L.maxQuantity)}.` }),
    unitPrice: z
      .number()
      .min(0)
      .max(L.maxAmount)
      .meta({ multipleOf: 10 ** -L.unitPriceDecimals, description: `The price of one unit before tax; 0 to ${thousands(L.maxAmount)}, with at most ${L.unitPriceDecimals} decimals.` }),
    taxRate: z.number().min(0).max(1).meta({ description: 'The tax rate as a fraction, from 0 to 1 (0.21 is 21 %).' }),
  })
  .meta({ id: 'InvoiceLine', description: 'One line of the invoice.' });

export const amountSchema = z
  .number()
  .min(0)
  .max(L.maxAmount)
  .meta({ id: 'Amount', multipleOf: 10 ** -L.totalDecimals, description: `An amount in the invoice's currency; 0 to ${thousands(L.maxAmount)}, with at most ${L.totalDecimals} decimals.` });

export const invoiceTotalsSchema = z
  .looseObject({
    net: amountSchema.meta({ description: 'Sum of line nets (quantity × unitPrice, rounded to cents).' }),
    tax: amountSchema.meta({ description: 'Sum of line taxes (line net × taxRate, rounded to cents).' }),
    gross: amountSchema.meta({ description: 'net + tax.' }),
  })
  .meta({
    id: 'InvoiceTotals',
    description:
      "The invoice's totals. Each must match the value computed from the lines to within\n0.01: `net` is the sum of line nets, `tax` the sum of line taxes, `gross` is net + tax.\n",
  });

export const invoiceSchema = z
  .looseObject({
    invoiceNumber: z.string().meta({
      description: `The issuer's number for this invoice: 1 to ${L.maxInvoiceNumberChars} characters once leading and trailing\nwhite space is trimmed, only letters, digits and \`-\`, \`_\`, \`/\`, \`.\`.\n`,
      pattern: `^\\s*[A-Za-z0-9_./-]{1,${L.maxInvoiceNumberChars}}\\s*$`,
      examples: ['F-2026-000123'],
    }),
    issueDate: calendarDateSchema.meta({ description: 'The date the invoice was issued, a real calendar date `YYYY-MM-DD`. At most one day after submission.' }),
    dueDate: calendarDateSchema.optional().meta({ description: 'Optional. The date payment is due, a real calendar date `YYYY-MM-DD`, not before `issueDate`.' }),
    currency: z.string().meta({
      description:
        'The currency of every amount: an ISO 4217 alphabetic code in upper case (EUR, USD,\nGBP, MXN, COP, ...). Three upper-case letters that are not an ISO 4217 code are\nrejected as UNKNOWN_CURRENCY.\n',
      pattern: '^[A-Z]{3}$',
      examples: ['EUR'],
    }),
    issuer: issuerSchema,
    customer: customerSchema,
    lines: z.array(invoiceLineSchema).min(L.minLines).max(L.maxLines).meta({ description: `The invoice lines, ${L.minLines} to ${L.maxLines} of them.` }),
    totals: invoiceTotalsSchema,
  })
  .meta({
    id: 'Invoice',
    description: `One invoice (schema version 1), as a JSON object in UTF-8 with camelCase field names.
Fields not listed here are allowed: they are kept as they are (stored, shown, resent)
and never cause a rejection.

Rules across fields, which the validator checks and a schema cannot say:
- \`dueDate\`, when present, is not before \`issueDate\` (DUE_BEFORE_ISSUE).
- \`issueDate\` is at most one day after the moment the invoice was submitted (the Kafka
  record's timestamp), so re-validating an old record gives the same answer (ISSUED_IN_FUTURE).
- Each line's net is quantity × unitPrice and its tax is net × taxRate, each rounded to
  cents half away from zero. \`totals.net\` is the sum of line nets, \`totals.tax\` the sum
  of line taxes, and \`totals.gross\` is \`totals.net\` + \`totals.tax\`; each may differ
  from the computed value by at most 0.01 (TOTALS_MISMATCH).
- An invoice is identified by \`issuer.taxId\` (normalised: upper case, spaces and \`-\`
  removed) and \`invoiceNumber\` (trimmed). The same invoice sent again with the same
  content is a duplicate: stored once, no error. The same identity with different
  content (compared as canonical JSON, so key order and white space do not matter) is
  rejected with DUPLICATE_CONFLICT and the stored invoice is kept.
`,
  });
