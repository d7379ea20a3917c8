/** The rejection reasons as the API document shows them, generated from the domain's one table of codes. */
import { z } from 'zod';
import { REASON_CATEGORIES, REASON_CATEGORY_OF, REASON_CODES, type ReasonCategory } from '../domain/reasons';

export const reasonCategorySchema = z.enum(REASON_CATEGORIES).meta({
  id: 'ReasonCategory',
  description:
    "STRUCTURE: the message is not a well-formed invoice. DATA: a value breaks a rule.\nRANGE: a number or a list is outside its range. PROCESSING: not the message's fault.\n",
});

export const reasonCodeSchema = z.enum(REASON_CODES).meta({ id: 'ReasonCode', description: 'The rule that failed; see Reason for the full table.' });

/** When each code is reported, for the table in Reason's description. */
const WHEN: Record<(typeof REASON_CODES)[number], string> = {
  INVALID_ENCODING: 'the record value is not UTF-8 text',
  INVALID_JSON: 'the text is not JSON',
  NOT_AN_OBJECT: 'the JSON is not an object',
  MISSING_FIELD: 'a required field is absent or null',
  WRONG_TYPE: 'a field has the wrong JSON type',
  PAYLOAD_TOO_LARGE: 'the record value is larger than 256 KiB',
  INVALID_FORMAT: 'a string breaks its format (date, code, e-mail, number format)',
  INVALID_DATE: 'not a real calendar date',
  DUE_BEFORE_ISSUE: 'dueDate earlier than issueDate',
  ISSUED_IN_FUTURE: 'issueDate later than submission + 1 day',
  UNKNOWN_CURRENCY: 'not an ISO 4217 code',
  TOTALS_MISMATCH: 'a total differs from the computed value by more than 0.01',
  DUPLICATE_CONFLICT: 'same identity, different content; the stored invoice is kept',
  OUT_OF_RANGE: 'a number outside its range, or too many decimals',
  TOO_MANY_ITEMS: 'lines outside 1..1000',
  PROCESSING_FAILED: "not the message's fault (a bug, an outage that outlasted every retry); it can be resent as is",
};

const codesOf = (category: ReasonCategory) => REASON_CODES.filter((code) => REASON_CATEGORY_OF[code] === category);

export const reasonSchema = z
  .object({
    category: reasonCategorySchema,
    code: reasonCodeSchema,
    path: z.string().meta({ format: 'json-pointer', description: 'A JSON pointer to the failing value (`/lines/0/quantity`); `""` for the whole message.', examples: ['/totals/gross'] }),
    message: z.string().meta({
      description: 'What is wrong, in a sentence a person can act on.',
      examples: ['totals.gross is 650.00 but the lines add up to 605.00 (net 500.00 + tax 105.00); correct it to 605.00.'],
    }),
  })
  .meta({
    id: 'Reason',
    description: [
      'One rule a message breaks. Every rule that fails is reported, not only the first.',
      '',
      '| category | code | when |',
      '| --- | --- | --- |',
      ...REASON_CODES.map((code) => `| ${REASON_CATEGORY_OF[code]} | ${code} | ${WHEN[code]} |`),
      '',
    ].join('\n'),
    // Each category's codes, from the domain's table: a code always comes with its own category.
    allOf: REASON_CATEGORIES.map((category) => {
      const codes = codesOf(category);
      return { if: { properties: { category: { const: category } } }, then: { properties: { code: codes.length === 1 ? { const: codes[0] } : { enum: codes } } } };
    }),
  });

export type ApiReason = z.infer<typeof reasonSchema>;
