/**
 * Calendar dates written `YYYY-MM-DD` (ISO 8601, proleptic Gregorian), read without
 * `Date.parse`, which accepts other shapes and rolls 2026-02-30 over to March 2.
 */

const DATE_TEXT = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

/**
 * Reads the year, month and day of a `YYYY-MM-DD` text, without checking that the day
 * exists; undefined when the text has another shape.
 *
 * @example
 * readDateParts('2026-02-30') // { year: 2026, month: 2, day: 30 }
 * readDateParts('20/11/2026') // undefined
 */
export function readDateParts(text: string): CalendarDate | undefined {
  const match = DATE_TEXT.exec(text);
  if (!match) return undefined;
  return { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
}

/**
 * Days in a month of the Gregorian calendar (0 for a month that does not exist).
 *
 * @example
 * daysInMonth(2028, 2) // 29
 * daysInMonth(2100, 2) // 28
 */
export function daysInMonth(year: number, month: number): number {
  if (month < 1 || month > 12) return 0;
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Tells whether the parts name a day that exists.
 *
 * @example
 * isRealDate({ year: 2028, month: 2, day: 29 }) // true
 * isRealDate({ year: 2026, month: 2, day: 29 }) // false
 */
export function isRealDate(date: CalendarDate): boolean {
  return date.day >= 1 && date.day <= daysInMonth(date.year, date.month);
}

/**
 * The instant a `YYYY-MM-DD` date starts in UTC, in epoch milliseconds; NaN when the text
 * is not a real date.
 *
 * @example
 * startOfDayUtc('2026-11-20') // 1795132800000 (2026-11-20T00:00:00.000Z)
 */
export function startOfDayUtc(text: string): number {
  const date = readDateParts(text);
  if (!date || !isRealDate(date)) return Number.NaN;
  // Date.UTC maps years 0-99 to 1900-1999; setUTCFullYear keeps them as written.
  const start = new Date(Date.UTC(2000, date.month - 1, date.day));
  return start.setUTCFullYear(date.year);
}

/**
 * Adds whole days to an instant given in epoch milliseconds.
 *
 * @example
 * addDays(Date.parse('2026-11-20T10:00:00Z'), 1) // 2026-11-21T10:00:00Z in ms
 */
export function addDays(epochMs: number, days: number): number {
  return epochMs + days * DAY_MS;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}
