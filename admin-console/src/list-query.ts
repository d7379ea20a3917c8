/**
 * The query strings the console and the CLI send: the list filters as the admin API reads
 * them, with whole local days turned into instants. Pure: no DOM, unit-tested.
 */

/** The filter form's values; an empty string means "any". */
export interface ListFilters {
  status: string;
  category: string;
  code: string;
  /** First day to include, as an `<input type="date">` gives it (yyyy-mm-dd), an ISO instant, or "". */
  from: string;
  /** Last day to include (yyyy-mm-dd), an ISO instant, or "". */
  to: string;
  /** The client that sent the invoices, or "". */
  clientId: string;
}

export const NO_FILTERS: ListFilters = { status: '', category: '', code: '', from: '', to: '', clientId: '' };

/** Entries the console asks for per page: a screenful, well under the API's maximum of 100. */
export const PAGE_SIZE = 25;

/**
 * The query of GET /admin/invalid-invoices: only the filters that are set, `from` at the
 * start of its local day, `to` at the end of its local day (so the day is included), then
 * the page size and the cursor of the previous page.
 *
 * @example
 * listQuery({ ...NO_FILTERS, status: 'PENDING', code: 'TOTALS_MISMATCH' }, 'abc')
 * // 'status=PENDING&code=TOTALS_MISMATCH&limit=25&cursor=abc'
 */
export function listQuery(filters: ListFilters, cursor?: string, limit = PAGE_SIZE): string {
  const query = new URLSearchParams();
  for (const name of ['status', 'category', 'code', 'clientId'] as const) if (filters[name].trim()) query.set(name, filters[name].trim());
  const from = localDayStart(filters.from);
  const to = localDayStart(filters.to);
  const fromValue = from ? from.toISOString() : instantOf(filters.from);
  const toValue = to ? new Date(nextLocalDay(to).getTime() - 1).toISOString() : instantOf(filters.to);
  if (fromValue) query.set('from', fromValue);
  if (toValue) query.set('to', toValue);
  query.set('limit', String(limit));
  if (cursor) query.set('cursor', cursor);
  return query.toString();
}

/**
 * The query of GET /admin/invalid-invoice-counts: the status filter alone ("" = every state).
 *
 * @example
 * countsQuery('RESENT') // '?status=RESENT'
 * countsQuery('')       // ''
 */
export function countsQuery(status: string): string {
  return status ? `?${new URLSearchParams({ status }).toString()}` : '';
}

/**
 * Midnight, local time, of a yyyy-mm-dd day; undefined for "" or anything that is not a real day.
 *
 * @example
 * localDayStart('2026-11-20') // new Date(2026, 10, 20)
 * localDayStart('2026-02-30') // undefined
 */
export function localDayStart(day: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return undefined;
  const [year, month, date] = [Number(match[1]), Number(match[2]) - 1, Number(match[3])];
  const start = new Date(year, month, date);
  // new Date rolls 30 February over to March; a day that moved was not a real day.
  return start.getFullYear() === year && start.getMonth() === month && start.getDate() === date ? start : undefined;
}

/** An instant given in full (2026-11-20T10:00:00Z), as is; anything else is passed on for the API to refuse with a reason. */
function instantOf(value: string): string | undefined {
  return value.trim() || undefined;
}

/** Midnight of the following local day (not +24 h, which is wrong on daylight-saving days). */
function nextLocalDay(start: Date): Date {
  return new Date(start.getFullYear(), start.getMonth(), start.getDate() + 1);
}
