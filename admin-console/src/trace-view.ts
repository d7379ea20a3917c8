/**
 * The message explorer (#trace/<by>/<value>): look messages up by message id, correlation id
 * or invoice (issuer/number), and see each one's timeline: accepted with its Kafka
 * coordinates, the validator's outcome, what admins did, who and when. A quarantined message
 * links to its entry (and the entry links back here); a resent copy links to its own trace.
 */
import type { TraceEvent, TracedMessage } from './admin-api-schemas';
import type { ConsoleContext } from './console-context';
import { byId, el, reasonItem, timeElement } from './dom';
import { traceHash, traceQueryOf, type TraceQuery } from './trace-query';

export interface TraceView {
  open(query: TraceQuery | undefined): Promise<void>;
}

export function traceView(context: ConsoleContext): TraceView {
  const form = byId('trace-form', HTMLFormElement);
  const kind = byId('trace-by', HTMLSelectElement);
  const input = byId('trace-value', HTMLInputElement);
  const summary = byId('trace-summary', HTMLParagraphElement);
  const results = byId('trace-results', HTMLDivElement);

  async function open(query: TraceQuery | undefined): Promise<void> {
    results.replaceChildren();
    summary.textContent = query ? 'Looking…' : 'Enter a message id, a correlation id, or an invoice as issuer/number.';
    if (!query) return;
    kind.value = query.by;
    input.value = query.by === 'invoice' ? `${query.issuerTaxId}/${query.invoiceNumber}` : query.value;
    results.setAttribute('aria-busy', 'true');
    try {
      const trace = await context.api.trace(query);
      summary.textContent = `${trace.messages.length} message${trace.messages.length === 1 ? '' : 's'} for ${trace.lookup.by === 'invoice' ? 'invoice' : trace.lookup.by} ${trace.lookup.value}${trace.truncated ? ' (the first ones; more matched)' : ''}.`;
      results.replaceChildren(...trace.messages.map(messageCard));
    } catch (error) {
      summary.textContent = '';
      context.report(error);
    } finally {
      results.removeAttribute('aria-busy');
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const by = kind.value === 'correlationId' ? 'correlationId' : 'messageId';
    const query = kind.value === 'invoice' ? traceQueryOf(input.value.includes('/') ? input.value : `${input.value}/`) : traceQueryOf(input.value, by);
    if (!query || (kind.value === 'invoice' && query.by !== 'invoice')) {
      input.setCustomValidity(kind.value === 'invoice' ? 'Write the invoice as issuer/number, e.g. B12345678/F-2026-000123.' : 'Enter an id.');
      input.reportValidity();
      return;
    }
    location.hash = traceHash(query);
  });
  input.addEventListener('input', () => input.setCustomValidity(''));
  return { open };
}

function messageCard(message: TracedMessage): HTMLElement {
  const invoice = message.invoice ? `${message.invoice.issuerTaxId}/${message.invoice.invoiceNumber}` : undefined;
  return el(
    'article',
    { class: 'trace-message', 'data-message-id': message.messageId },
    el(
      'h3',
      {},
      el('code', {}, message.messageId),
      ' ',
      el('span', { class: `status status-${statusClass(message.status)}`, 'data-status': message.status }, message.status),
    ),
    el(
      'p',
      { class: 'muted' },
      invoice ? `Invoice ${invoice} · ` : 'Invoice not readable · ',
      `client ${message.clientId ?? 'none (produced straight to the topic)'} · correlation `,
      el('code', {}, message.correlationId ?? '?'),
      message.causationId ? el('span', {}, ' · resent from ', traceLink(message.causationId)) : '',
    ),
    message.quarantined ? el('p', {}, el('a', { href: `#invoice/${encodeURIComponent(message.messageId)}`, class: 'open-entry' }, 'Open its quarantine entry')) : '',
    el('ol', { class: 'timeline' }, ...message.timeline.map(eventItem)),
  );
}

/** Kafka's topic, partition and offset, or RabbitMQ's queue. */
function originText(origin: NonNullable<Extract<TraceEvent, { event: 'ACCEPTED' }>['origin']>): string {
  return origin.transport === 'rabbitmq' ? `RabbitMQ queue ${origin.topic}` : `${origin.topic} partition ${origin.partition}, offset ${origin.offset}`;
}

function eventItem(event: TraceEvent): HTMLLIElement {
  const by = 'by' in event && event.by ? ` by ${event.by}` : '';
  const head = [timeElement(event.at), ' ', el('strong', {}, event.event), by];
  switch (event.event) {
    case 'ACCEPTED':
      return el('li', { 'data-event': event.event }, ...head, event.source ? ` from ${event.source}` : '', event.origin ? ` at ${originText(event.origin)}` : '');
    case 'STORED':
    case 'DUPLICATE':
      return el('li', { 'data-event': event.event }, ...head, ` as ${event.invoice.issuerTaxId}/${event.invoice.invoiceNumber}`);
    case 'INVALID':
    case 'RESEND_REJECTED':
      return el('li', { 'data-event': event.event }, ...head, el('ul', { class: 'reasons' }, ...event.reasons.map(reasonItem)));
    case 'RESENT':
      return el('li', { 'data-event': event.event }, ...head, ' as ', traceLink(event.newMessageId));
    case 'RESEND_FAILED':
      return el('li', { 'data-event': event.event }, ...head, ` (${event.newMessageId}): `, el('q', {}, event.note));
    case 'DISCARDED':
      return el('li', { 'data-event': event.event }, ...head, el('q', {}, event.note));
    case 'QUARANTINED':
      return el('li', { 'data-event': event.event }, ...head);
  }
}

function traceLink(messageId: string): HTMLAnchorElement {
  return el('a', { href: traceHash({ by: 'messageId', value: messageId }) }, el('code', {}, messageId));
}

function statusClass(status: string): string {
  return status === 'STORED' || status === 'DUPLICATE' || status === 'RESENT' ? 'resent' : status === 'DISCARDED' || status === 'ACCEPTED' ? 'discarded' : 'pending';
}
