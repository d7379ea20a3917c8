/**
 * One quarantined invoice: where it was on Kafka, its payload with each failing field
 * marked next to its reason, its history, and the editor whose reasons follow the text as
 * the admin types. Resend (corrected or as is) and discard (with a note) act on it.
 */
import { AdminApiError } from './admin-api';
import type { HistoryEntry, InvalidInvoice } from './admin-api-schemas';
import { eventDetails } from './history-event';
import { traceHash } from './trace-query';
import type { ConsoleContext } from './console-context';
import { byId, el, factList, reasonItem, timeElement } from './dom';
import { validateEditorText } from './live-validation';
import type { AnnotatedLine } from './payload-lines';
import { payloadView } from './payload-view';

/** Typing pauses shorter than this do not re-validate: one run per burst of keys. */
const LIVE_VALIDATION_DELAY_MS = 120;
/** How long the console follows a resent copy to its outcome before it asks for a reload. */
const OUTCOME_POLLS = 40;
const OUTCOME_POLL_INTERVAL_MS = 1_500;

export interface DetailView {
  /** Loads the entry and shows it; a new message id clears the previous one's results. */
  open(messageId: string): Promise<void>;
}

/**
 * Wires the detail section of the page.
 *
 * @example
 * const detail = detailView(context);
 * await detail.open('3f6c1d2e-8a4b-4c1e-9f3a-2b7d5e6a9c10');
 */
export function detailView(context: ConsoleContext): DetailView {
  const title = byId('detail-title', HTMLHeadingElement);
  const facts = byId('detail-facts', HTMLDListElement);
  const traceLink = byId('trace-link', HTMLAnchorElement);
  const reasons = byId('detail-reasons', HTMLUListElement);
  const payloadNote = byId('payload-note', HTMLParagraphElement);
  const payload = byId('payload', HTMLPreElement);
  const payloadRaw = byId('payload-raw', HTMLPreElement);
  const kafkaHeaders = byId('kafka-headers', HTMLDListElement);
  const history = byId('history', HTMLOListElement);
  const actions = byId('actions', HTMLElement);
  const actionsClosed = byId('actions-closed', HTMLParagraphElement);
  const resendForm = byId('resend-form', HTMLFormElement);
  const editor = byId('editor', HTMLTextAreaElement);
  const liveSummary = byId('live-summary', HTMLParagraphElement);
  const liveReasons = byId('live-reasons', HTMLUListElement);
  const resendAsIs = byId('resend-as-is', HTMLButtonElement);
  const discardOpen = byId('discard-open', HTMLButtonElement);
  const discardDialog = byId('discard-dialog', HTMLDialogElement);
  const discardForm = byId('discard-form', HTMLFormElement);
  const discardNote = byId('discard-note', HTMLTextAreaElement);
  const discardCancel = byId('discard-cancel', HTMLButtonElement);
  const result = byId('action-result', HTMLDivElement);
  let current: InvalidInvoice | undefined;
  let liveTimer: ReturnType<typeof setTimeout> | undefined;

  async function open(messageId: string): Promise<void> {
    if (current?.messageId !== messageId) result.replaceChildren();
    try {
      show(await context.api.get(messageId));
      title.focus();
    } catch (error) {
      context.report(error);
    }
  }

  /** Where the message was on its transport: Kafka's topic, partition and offset, or RabbitMQ's queue and whether it was redelivered. */
  function transportFacts(source: InvalidInvoice['source']): Array<[string, string | Node | undefined]> {
    if (source.transport === 'rabbitmq') {
      return [
        ['RabbitMQ queue', source.topic],
        ['Redelivered', source.redelivered === undefined ? '(not known)' : source.redelivered ? 'yes (delivered before)' : 'no'],
        ['Sent at', source.timestamp && timeElement(source.timestamp)],
      ];
    }
    return [
      ['Kafka topic', source.topic],
      ['Kafka partition', String(source.partition)],
      ['Kafka offset', source.offset],
      ['Kafka key', source.key ?? '(none)'],
      ['Kafka timestamp', source.timestamp && timeElement(source.timestamp)],
    ];
  }

  function show(entry: InvalidInvoice): void {
    traceLink.href = traceHash({ by: 'messageId', value: entry.messageId });
    current = entry;
    title.textContent = `Invoice ${entry.invoiceNumber ?? '(number unreadable)'}`;
    factList(facts, [
      ['Status', el('span', { id: 'detail-status', class: `status status-${entry.status.toLowerCase()}` }, entry.status)],
      ['Client', entry.clientId ? el('code', {}, entry.clientId) : 'no client (produced straight to the topic)'],
      ['Message id', el('code', {}, entry.messageId)],
      ['Correlation id', el('code', {}, entry.correlationId)],
      ['Causation id', entry.causationId && el('code', {}, entry.causationId)],
      ['Issuer tax id', entry.issuerTaxId],
      ['Category', entry.category],
      ...transportFacts(entry.source),
      ['Detected at', entry.detectedAt && timeElement(entry.detectedAt)],
      ['Quarantined at', timeElement(entry.quarantinedAt)],
      ['Resent as', entry.resentAs && el('code', {}, entry.resentAs)],
    ]);
    factList(kafkaHeaders, Object.entries(entry.headers ?? {}).map(([name, value]) => [name, value]));
    reasons.replaceChildren(...entry.reasons.map(reasonItem));
    showPayload(entry);
    history.replaceChildren(...entry.history.map(historyItem));
    const pending = entry.status === 'PENDING';
    actions.hidden = !pending;
    actionsClosed.hidden = pending;
    actionsClosed.textContent = pending ? '' : `This invoice is ${entry.status}; it can no longer be resent or discarded.`;
  }

  function showPayload(entry: InvalidInvoice): void {
    const view = payloadView(entry.payload, entry.payloadEncoding, entry.reasons);
    const notes = [
      entry.payloadTruncated ? 'Only the first bytes of this payload were kept; the whole record is still on Kafka at the coordinates above.' : '',
      view.lines ? '' : `The payload is not a JSON object${entry.payloadEncoding === 'base64' ? ' (shown as base64: it is not UTF-8 text)' : ''}; the reasons above say why.`,
    ].filter(Boolean);
    payloadNote.textContent = notes.join(' ');
    payloadNote.hidden = notes.length === 0;
    payload.replaceChildren(...(view.lines ?? []).map(payloadLine));
    payload.hidden = !view.lines;
    payloadRaw.textContent = view.raw;
    editor.value = view.editorText;
    // Tall enough to show a typical invoice whole, short enough to keep the buttons near.
    editor.rows = Math.min(40, Math.max(12, view.editorText.split('\n').length + 1));
    validateNow();
  }

  function validateNow(): void {
    clearTimeout(liveTimer);
    const found = validateEditorText(editor.value, new Date());
    liveReasons.replaceChildren(...found.map(reasonItem));
    liveSummary.textContent =
      found.length === 0 ? 'No problems: this invoice passes every rule and can be resent.' : `${found.length} problem${found.length === 1 ? '' : 's'} left:`;
    liveSummary.className = found.length === 0 ? 'ok' : 'problem';
  }

  async function resend(correctedJson: string | undefined): Promise<void> {
    const entry = current;
    if (!entry) return;
    await busy(async () => {
      try {
        const { newMessageId } = await context.api.resend(entry.messageId, correctedJson);
        const status = el('span', { id: 'new-message-status' }, 'ACCEPTED');
        result.replaceChildren(el('p', { class: 'ok' }, 'Resent as ', el('code', { id: 'new-message-id' }, newMessageId), '. Outcome: ', status));
        await open(entry.messageId);
        void followOutcome(newMessageId, status);
      } catch (error) {
        showActionError(error);
      }
    });
  }

  /** Follows the copy until the validator decides, so the admin sees STORED (or why not) here. */
  async function followOutcome(newMessageId: string, status: HTMLElement): Promise<void> {
    for (let poll = 0; poll < OUTCOME_POLLS && status.isConnected; poll += 1) {
      try {
        const message = await context.api.messageStatus(newMessageId);
        status.textContent = message.status;
        if (message.status !== 'ACCEPTED') return;
      } catch {
        // The copy may not be logged yet (404) or the network hiccupped: try again on the next poll.
      }
      await new Promise((resolve) => setTimeout(resolve, OUTCOME_POLL_INTERVAL_MS));
    }
  }

  async function discard(note: string): Promise<void> {
    const entry = current;
    if (!entry) return;
    await busy(async () => {
      try {
        show(await context.api.discard(entry.messageId, note));
        result.replaceChildren(el('p', { class: 'ok' }, 'Discarded.'));
      } catch (error) {
        showActionError(error);
      }
    });
  }

  /** A refused action is explained where the buttons are; only a refused key goes back to the login. */
  function showActionError(error: unknown): void {
    if (!(error instanceof AdminApiError) || error.status === 401 || error.status === 403) {
      context.report(error);
      return;
    }
    result.replaceChildren(
      el('p', { class: 'problem', role: 'alert' }, error.message),
      error.reasons.length > 0 ? el('ul', { id: 'resend-reasons' }, ...error.reasons.map(reasonItem)) : '',
    );
  }

  async function busy(action: () => Promise<void>): Promise<void> {
    const buttons = [...actions.querySelectorAll('button')];
    for (const button of buttons) button.disabled = true;
    actions.setAttribute('aria-busy', 'true');
    try {
      await action();
    } finally {
      for (const button of buttons) button.disabled = false;
      actions.removeAttribute('aria-busy');
    }
  }

  editor.addEventListener('input', () => {
    clearTimeout(liveTimer);
    liveTimer = setTimeout(validateNow, LIVE_VALIDATION_DELAY_MS);
  });
  resendForm.addEventListener('submit', (event) => {
    event.preventDefault();
    validateNow();
    void resend(editor.value);
  });
  resendAsIs.addEventListener('click', () => void resend(undefined));
  discardOpen.addEventListener('click', () => {
    discardNote.value = '';
    discardDialog.showModal();
  });
  discardCancel.addEventListener('click', () => discardDialog.close());
  discardForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const note = discardNote.value.trim();
    if (!note) {
      discardNote.setCustomValidity('Say why it is discarded: the note is kept in its history.');
      discardNote.reportValidity();
      return;
    }
    discardDialog.close();
    void discard(note);
  });
  discardNote.addEventListener('input', () => discardNote.setCustomValidity(''));
  return { open };
}

function payloadLine(line: AnnotatedLine): HTMLSpanElement {
  const flagged = line.reasons.length > 0;
  const attributes: Record<string, string> = { class: flagged ? 'line flagged' : 'line' };
  if (!line.closing) attributes['data-pointer'] = line.pointer;
  return el(
    'span',
    attributes,
    flagged ? el('mark', {}, line.text) : line.text,
    ...line.reasons.map((reason) => el('span', { class: 'line-reason' }, `  \u2190 ${reason.code}: ${reason.message}`)),
    '\n',
  );
}

function historyItem(entry: HistoryEntry): HTMLLIElement {
  const details = eventDetails(entry);
  return el(
    'li',
    { 'data-action': entry.action },
    timeElement(entry.at),
    ' ',
    el('strong', {}, entry.action),
    entry.by ? ` by ${entry.by}` : '',
    details.note ? el('q', {}, details.note) : '',
    details.copy ? el('span', {}, ' new message ', el('code', {}, details.copy.messageId), details.copy.status ? ` (${details.copy.status})` : '') : '',
    details.reasons.length > 0 ? el('ul', {}, ...details.reasons.map(reasonItem)) : '',
  );
}
