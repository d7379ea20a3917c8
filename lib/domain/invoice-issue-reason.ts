/**
 * Turns a zod issue of the invoice schema into a contract reason. The mapping is explicit:
 * a missing or null field is MISSING_FIELD, another wrong type WRONG_TYPE, a non-finite
 * number OUT_OF_RANGE, and our own rules carry their code in `params.reason`.
 */
import type { z } from 'zod';
import { fieldLabel, jsonPointer, jsonTypeOf } from './field-path';
import { isReasonCode, reason, type Reason, type ReasonCode } from './reasons';

type Issue = z.core.$ZodIssue;
type IssueOf<Code extends Issue['code']> = Extract<Issue, { code: Code }>;

/** Issues the schema does not raise today; mapped anyway so that a schema change cannot lose a reason. */
const CODE_OF_OTHER_ISSUES: Record<Exclude<Issue['code'], 'custom' | 'invalid_type'>, ReasonCode> = {
  too_big: 'OUT_OF_RANGE',
  too_small: 'OUT_OF_RANGE',
  not_multiple_of: 'OUT_OF_RANGE',
  invalid_format: 'INVALID_FORMAT',
  invalid_value: 'INVALID_FORMAT',
  unrecognized_keys: 'WRONG_TYPE',
  invalid_union: 'WRONG_TYPE',
  invalid_key: 'WRONG_TYPE',
  invalid_element: 'WRONG_TYPE',
};

/**
 * The reason for one issue, found with `safeParse(document, { reportInput: true })`
 * (the input is needed to tell a missing field from a wrong type).
 *
 * @example
 * reasonOfIssue({ code: 'invalid_type', expected: 'number', input: 'diez', path: ['lines', 0, 'quantity'], message: '' })
 * // { category: 'STRUCTURE', code: 'WRONG_TYPE', path: '/lines/0/quantity', message: 'lines[0].quantity must be a number, but it is the string "diez".' }
 */
export function reasonOfIssue(issue: Issue): Reason {
  switch (issue.code) {
    case 'custom':
      return customReason(issue);
    case 'invalid_type':
      return typeReason(issue);
    default:
      return reason(CODE_OF_OTHER_ISSUES[issue.code], jsonPointer(issue.path), `${fieldLabel(issue.path)} is not valid: ${issue.message}.`);
  }
}

function customReason(issue: IssueOf<'custom'>): Reason {
  const code: unknown = issue.params?.reason;
  const label = fieldLabel(issue.path);
  if (isReasonCode(code)) return reason(code, jsonPointer(issue.path), `${label} ${issue.message}`);
  // Every rule of ours sets a code; an issue without one is a bug of the validator, not of the invoice.
  return reason('PROCESSING_FAILED', jsonPointer(issue.path), `${label} could not be checked (${issue.message}); this is a validator bug, please report it.`);
}

function typeReason(issue: IssueOf<'invalid_type'>): Reason {
  const { input, path } = issue;
  const label = fieldLabel(path);
  const expected = withArticle(issue.expected);
  const isField = typeof path[path.length - 1] === 'string';
  if (input === undefined || (input === null && isField)) {
    return reason('MISSING_FIELD', jsonPointer(path), `${label} is missing; it is required and must be ${expected}.`);
  }
  // JSON has no NaN or Infinity, but a caller in JavaScript can pass them: they are numbers out of any range.
  if (issue.expected === 'number' && typeof input === 'number') {
    return reason('OUT_OF_RANGE', jsonPointer(path), `${label} must be a finite number, but is ${input}.`);
  }
  return reason('WRONG_TYPE', jsonPointer(path), `${label} must be ${expected}, but it is ${jsonTypeOf(input)}.`);
}

function withArticle(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}
