/**
 * The contract's cross-field rules: dueDate not before issueDate, issueDate not later than
 * one day after submission, totals that match the lines. Each rule runs only on fields
 * that passed their own checks, so one bad field is reported once, not again as a
 * mismatch it causes (a wrong quantity does not also produce a TOTALS_MISMATCH).
 */
import { addDays, startOfDayUtc } from './calendar-date';
import type { Invoice } from './invoice-schema';
import { totalsMismatches } from './invoice-totals';
import { reason, type Reason } from './reasons';

/** The fields the rules read; each one present only when it passed its own checks. */
export type CrossFieldInput = Partial<Pick<Invoice, 'issueDate' | 'dueDate' | 'lines' | 'totals'>>;

/** How far ahead of its submission an invoice may be dated (time zones, clock skew). */
const FUTURE_ALLOWANCE_DAYS = 1;

/**
 * Every cross-field rule that fails, in the contract's order.
 * `submittedAt` is the record's timestamp, so re-validating an old record gives the same answer.
 *
 * @example
 * crossFieldReasons({ issueDate: '2026-11-20', dueDate: '2026-11-01' }, new Date('2026-11-20T09:00:00Z'))
 * // [{ code: 'DUE_BEFORE_ISSUE', path: '/dueDate', ... }]
 */
export function crossFieldReasons(fields: CrossFieldInput, submittedAt: Date): Reason[] {
  return [...dueDateReasons(fields), ...futureIssueReasons(fields, submittedAt), ...totalsReasons(fields)];
}

function dueDateReasons({ issueDate, dueDate }: CrossFieldInput): Reason[] {
  // YYYY-MM-DD texts of real dates sort like the dates they name.
  if (!issueDate || !dueDate || dueDate >= issueDate) return [];
  return [reason('DUE_BEFORE_ISSUE', '/dueDate', `dueDate is ${dueDate}, before issueDate ${issueDate}; it must be on or after the issue date.`)];
}

function futureIssueReasons({ issueDate }: CrossFieldInput, submittedAt: Date): Reason[] {
  if (!issueDate) return [];
  const latest = addDays(submittedAt.getTime(), FUTURE_ALLOWANCE_DAYS);
  if (startOfDayUtc(issueDate) <= latest) return [];
  const limit = new Date(latest).toISOString();
  return [
    reason(
      'ISSUED_IN_FUTURE',
      '/issueDate',
      `issueDate is ${issueDate}, later than one day after the invoice was submitted (${submittedAt.toISOString()}); date it no later than ${limit.slice(0, 10)}.`,
    ),
  ];
}

function totalsReasons({ lines, totals }: CrossFieldInput): Reason[] {
  return lines && totals ? totalsMismatches(lines, totals) : [];
}
