/**
 * The few DOM helpers the views share. Every piece of data reaches the page as text
 * (textContent, attributes), never as HTML, so a payload cannot inject markup.
 */

type Child = Node | string | undefined | false;

/**
 * Creates an element with attributes and children (strings become text nodes).
 *
 * @example
 * el('a', { href: '#invoice/42' }, 'F-2026-000124')
 */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  for (const child of children) if (child !== undefined && child !== false) element.append(child);
  return element;
}

/**
 * The element with this id, checked to be of the expected kind: a renamed id in the page
 * fails loudly at start-up instead of silently later.
 *
 * @example
 * const editor = byId('editor', HTMLTextAreaElement);
 */
export function byId<T extends HTMLElement>(id: string, kind: new () => T): T {
  const element = document.getElementById(id);
  if (!(element instanceof kind)) throw new Error(`The console page has no ${kind.name} #${id}`);
  return element;
}

/**
 * An instant as a `<time>` element: local time to read, the ISO value kept for machines.
 *
 * @example
 * timeElement('2026-11-24T13:17:10.000Z') // <time datetime="2026-11-24T13:17:10.000Z">24/11/2026, 14:17:10</time>
 */
export function timeElement(iso: string | undefined): HTMLTimeElement | string {
  if (!iso) return '—';
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return iso;
  return el('time', { datetime: iso, title: iso }, instant.toLocaleString());
}

/** A definition list from label/value pairs; pairs without a value are left out. */
export function factList(list: HTMLDListElement, facts: ReadonlyArray<[string, Child]>): void {
  list.replaceChildren();
  for (const [label, value] of facts) {
    if (value === undefined || value === false || value === '') continue;
    list.append(el('dt', {}, label), el('dd', {}, value));
  }
}

/** A reason as one line a person reads: code, where, and what to do. */
export function reasonItem(reason: { code: string; path: string; message: string }): HTMLLIElement {
  return el('li', { class: 'reason', 'data-code': reason.code, 'data-path': reason.path },
    el('strong', {}, reason.code), ' ', el('code', {}, reason.path || '(whole message)'), ': ', reason.message);
}
