/**
 * The list of quarantined invoices: filters, counts per reason code and category, and
 * cursor paging ("More"). Newest first, as the API answers.
 */
import { REASON_CATEGORIES, REASON_CODES } from '../../lib/domain/reasons';
import type { InvalidInvoiceCounts, InvalidInvoiceSummary } from './admin-api-schemas';
import type { ConsoleContext } from './console-context';
import { byId, el, timeElement } from './dom';
import type { ListFilters } from './list-query';

const STATUSES = ['PENDING', 'RESENT', 'DISCARDED'] as const;

export interface ListView {
  /** Loads the first page and the counts for the current filters. */
  reload(): Promise<void>;
}

/**
 * Wires the list section of the page.
 *
 * @example
 * const list = listView(context);
 * await list.reload();
 */
export function listView(context: ConsoleContext): ListView {
  const form = byId('filters', HTMLFormElement);
  const status = byId('filter-status', HTMLSelectElement);
  const category = byId('filter-category', HTMLSelectElement);
  const code = byId('filter-code', HTMLSelectElement);
  const from = byId('filter-from', HTMLInputElement);
  const to = byId('filter-to', HTMLInputElement);
  const client = byId('filter-client', HTMLInputElement);
  const rows = byId('invoice-rows', HTMLTableSectionElement);
  const empty = byId('list-empty', HTMLParagraphElement);
  const more = byId('more', HTMLButtonElement);
  const counts = byId('counts', HTMLDivElement);
  let nextCursor: string | undefined;
  // Answers can arrive out of order when filters change quickly: only the latest load may draw.
  let generation = 0;

  addOptions(status, STATUSES);
  addOptions(category, REASON_CATEGORIES);
  addOptions(code, REASON_CODES);

  const filters = (): ListFilters => ({ status: status.value, category: category.value, code: code.value, from: from.value, to: to.value, clientId: client.value });

  async function reload(): Promise<void> {
    const current = ++generation;
    rows.setAttribute('aria-busy', 'true');
    try {
      const [page, tally] = await Promise.all([context.api.list(filters()), context.api.counts(status.value)]);
      if (current !== generation) return;
      rows.replaceChildren(...page.items.map(row));
      drawCounts(tally);
      showPaging(page.nextCursor, page.items.length);
    } catch (error) {
      context.report(error);
    } finally {
      if (current === generation) rows.removeAttribute('aria-busy');
    }
  }

  async function loadMore(): Promise<void> {
    if (!nextCursor) return;
    const current = generation;
    more.disabled = true;
    rows.setAttribute('aria-busy', 'true');
    try {
      const page = await context.api.list(filters(), nextCursor);
      if (current !== generation) return;
      rows.append(...page.items.map(row));
      showPaging(page.nextCursor, rows.childElementCount);
    } catch (error) {
      context.report(error);
    } finally {
      more.disabled = false;
      if (current === generation) rows.removeAttribute('aria-busy');
    }
  }

  function showPaging(cursor: string | undefined, shown: number): void {
    nextCursor = cursor;
    more.hidden = !cursor;
    empty.hidden = shown > 0;
  }

  function drawCounts(tally: InvalidInvoiceCounts): void {
    counts.replaceChildren(
      el('p', {}, 'Total: ', el('strong', { id: 'count-total' }, String(tally.total))),
      tallyList('By status', tally.byStatus, status),
      tallyList('By category', tally.byCategory, category),
      tallyList('By reason code', tally.byCode, code),
    );
  }

  /** Each count is a button that filters the list by it: one click from "how many" to "which". */
  function tallyList(title: string, tally: Record<string, number>, filter: HTMLSelectElement): HTMLElement {
    const entries = Object.entries(tally).filter(([, count]) => count > 0).sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
    const items = entries.map(([name, count]) =>
      el('li', {}, el('button', { type: 'button', class: 'link', 'data-filter': filter.id, 'data-value': name, 'aria-label': `Show only ${name} (${count})` }, `${name} `, el('span', { class: 'count' }, String(count)))),
    );
    return el('section', { class: 'tally' }, el('h4', {}, title), items.length > 0 ? el('ul', {}, ...items) : el('p', {}, 'none'));
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void reload();
  });
  form.addEventListener('reset', () => {
    // The reset event fires before the fields are cleared; reload once they are.
    queueMicrotask(() => void reload());
  });
  counts.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest('button[data-filter]') : null;
    if (!button) return;
    const select = byId(button.getAttribute('data-filter') ?? '', HTMLSelectElement);
    select.value = button.getAttribute('data-value') ?? '';
    void reload();
  });
  more.addEventListener('click', () => void loadMore());
  return { reload };
}

function row(item: InvalidInvoiceSummary): HTMLTableRowElement {
  const label = item.invoiceNumber ?? '(number unreadable)';
  return el(
    'tr',
    { 'data-message-id': item.messageId, 'data-invoice-number': item.invoiceNumber ?? '' },
    el('td', {}, timeElement(item.quarantinedAt)),
    el('td', {}, el('span', { class: `status status-${item.status.toLowerCase()}` }, item.status)),
    el('td', {}, item.clientId ?? el('span', { class: 'muted' }, 'no client')),
    el('td', {}, el('a', { href: `#invoice/${encodeURIComponent(item.messageId)}`, 'aria-label': `Open invoice ${label}` }, label), item.issuerTaxId ? el('div', { class: 'muted' }, item.issuerTaxId) : undefined),
    el('td', {}, item.category ?? ''),
    el('td', {}, item.codes.join(', ')),
  );
}

function addOptions(select: HTMLSelectElement, values: readonly string[]): void {
  for (const value of values) select.append(el('option', { value }, value));
}
