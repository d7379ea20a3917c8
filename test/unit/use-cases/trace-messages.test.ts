import { BadRequestError, NotFoundError } from '../../../lib/errors';
import type { QuarantineEntry } from '../../../lib/ports/quarantine';
import { MAX_TRACED_MESSAGES, traceLookupOf, traceMessages } from '../../../lib/use-cases/admin/trace-messages';
import type { StoredInvoice } from '../../../lib/ports/invoice-store';
import { InMemoryInvoiceStore, InMemoryMessageLog, InMemoryQuarantine } from '../../helpers/in-memory-ports';

const origin = (offset: string) => ({ topic: 'invoices', partition: 3, offset });
const invoice = { issuerTaxId: 'B12345678', invoiceNumber: 'F-1' };
const reason = { category: 'DATA', code: 'TOTALS_MISMATCH', path: '/totals/gross', message: 'wrong' } as const;

/** An invoice rejected, resent corrected by alice and stored; and another message that carried the same invoice later, a duplicate. */
function setup() {
  const messages = new InMemoryMessageLog();
  const quarantine = new InMemoryQuarantine();
  messages.entries.set('m-1', { messageId: 'm-1', status: 'INVALID', correlationId: 'c-1', clientId: 'acme', source: 'invoice-api', origin: origin('42'), acceptedAt: '2026-12-01T10:00:00.000Z', processedAt: '2026-12-01T10:00:01.000Z', invoice, reasons: [reason] });
  messages.entries.set('m-2', { messageId: 'm-2', status: 'STORED', correlationId: 'c-1', causationId: 'm-1', clientId: 'acme', source: 'admin-resend', origin: origin('97'), acceptedAt: '2026-12-01T11:00:00.000Z', processedAt: '2026-12-01T11:00:01.000Z', invoice });
  messages.entries.set('m-3', { messageId: 'm-3', status: 'DUPLICATE', correlationId: 'c-3', clientId: 'acme', origin: origin('120'), acceptedAt: '2026-12-01T12:00:00.000Z', processedAt: '2026-12-01T12:00:01.000Z', invoice });
  quarantine.entries.set('m-1', {
    messageId: 'm-1',
    correlationId: 'c-1',
    status: 'RESENT',
    resentAs: 'm-2',
    reasons: [reason],
    category: 'DATA',
    codes: ['TOTALS_MISMATCH'],
    quarantinedAt: '2026-12-01T10:00:02.000Z',
    history: [
      { at: '2026-12-01T10:00:02.000Z', action: 'QUARANTINED', by: 'quarantineInvalid' },
      { at: '2026-12-01T10:30:00.000Z', action: 'RESEND_REJECTED', by: 'alice', reasons: [reason] },
      { at: '2026-12-01T11:00:00.000Z', action: 'RESENT', by: 'alice', newMessageId: 'm-2' },
    ],
  } as QuarantineEntry);
  const invoices = new InMemoryInvoiceStore();
  void invoices.storeIfAbsent({ ...invoice, messageId: 'm-2', correlationId: 'c-1' } as StoredInvoice);
  return { deps: { messages, quarantine, invoices }, messages };
}

describe('traceMessages', () => {
  it('finds by message id the whole correlation, oldest first: the original with what admins did, and its stored copy', async () => {
    // Act
    const trace = await traceMessages(setup().deps, { by: 'messageId', messageId: 'm-2' });

    // Assess
    expect(trace.lookup).toEqual({ by: 'messageId', value: 'm-2' });
    expect(trace.messages.map((message) => [message.messageId, message.status, message.quarantined])).toEqual([
      ['m-1', 'RESENT', true],
      ['m-2', 'STORED', false],
    ]);
    expect(trace.messages[0]?.timeline.map((event) => event.event)).toEqual(['ACCEPTED', 'INVALID', 'QUARANTINED', 'RESEND_REJECTED', 'RESENT']);
    expect(trace.messages[0]?.timeline[0]).toEqual({ event: 'ACCEPTED', at: '2026-12-01T10:00:00.000Z', origin: origin('42'), source: 'invoice-api' });
    expect(trace.messages[0]?.timeline[4]).toEqual({ event: 'RESENT', at: '2026-12-01T11:00:00.000Z', by: 'alice', newMessageId: 'm-2' });
    expect(trace.messages[1]).toMatchObject({ causationId: 'm-1', timeline: [{ event: 'ACCEPTED' }, { event: 'STORED', invoice }] });
  });

  it('finds by invoice every message that carried it: the stored one from the invoice itself, the invalid one and the duplicate from the index', async () => {
    // Act
    const trace = await traceMessages(setup().deps, { by: 'invoice', invoice });

    // Assess
    expect(trace.lookup).toEqual({ by: 'invoice', value: 'B12345678/F-1' });
    expect(trace.messages.map((message) => message.messageId)).toEqual(['m-1', 'm-2', 'm-3']);
    expect(trace.messages[2]?.timeline.at(-1)).toEqual({ event: 'DUPLICATE', at: '2026-12-01T12:00:01.000Z', invoice });
  });

  it('finds by correlation id, and says plainly when nothing matches', async () => {
    // Prepare
    const { deps } = setup();

    // Act
    const trace = await traceMessages(deps, { by: 'correlationId', correlationId: 'c-3' });

    // Assess
    expect(trace.messages.map((message) => message.messageId)).toEqual(['m-3']);
    await expect(traceMessages(deps, { by: 'correlationId', correlationId: 'nope' })).rejects.toThrow(NotFoundError);
    await expect(traceMessages(deps, { by: 'messageId', messageId: 'nope' })).rejects.toThrow('No message has id nope.');
    await expect(traceMessages(deps, { by: 'invoice', invoice: { issuerTaxId: 'X1', invoiceNumber: '9' } })).rejects.toThrow(NotFoundError);
  });

  it(`stops at ${MAX_TRACED_MESSAGES} messages and says there were more`, async () => {
    // Prepare
    const { deps, messages } = setup();
    for (let index = 0; index < MAX_TRACED_MESSAGES + 5; index += 1) {
      messages.entries.set(`x-${index}`, { messageId: `x-${index}`, status: 'STORED', correlationId: 'busy', acceptedAt: '2026-12-01T10:00:00.000Z', processedAt: '2026-12-01T10:00:01.000Z', invoice });
    }

    // Act
    const trace = await traceMessages(deps, { by: 'correlationId', correlationId: 'busy' });

    // Assess
    expect(trace.messages).toHaveLength(MAX_TRACED_MESSAGES);
    expect(trace.truncated).toBe(true);
  });
});

describe('traceLookupOf', () => {
  it('reads exactly one lookup from the query, the tax id as the validator keys it', () => {
    expect(traceLookupOf({ messageId: ' m-1 ' })).toEqual({ by: 'messageId', messageId: 'm-1' });
    expect(traceLookupOf({ correlationId: 'c-1' })).toEqual({ by: 'correlationId', correlationId: 'c-1' });
    expect(traceLookupOf({ issuerTaxId: 'b-1234 5678', invoiceNumber: 'F/1' })).toEqual({ by: 'invoice', invoice: { issuerTaxId: 'B12345678', invoiceNumber: 'F/1' } });
  });

  it('refuses none, two, or half an invoice, saying what to give', () => {
    expect(() => traceLookupOf({})).toThrow(BadRequestError);
    expect(() => traceLookupOf({ messageId: 'm', correlationId: 'c' })).toThrow('exactly one of');
    expect(() => traceLookupOf({ issuerTaxId: 'B1' })).toThrow('issuerTaxId and invoiceNumber together');
  });
});
