import { StoreRejectedError, StoreUnavailableError } from '../../../lib/errors';
import { validateInvoiceBatch, type ValidateBatchDeps } from '../../../lib/use-cases/validate-invoice-batch';
import { InMemoryInvalidChannel, InMemoryInvoiceStore, InMemoryMessageLog } from '../../helpers/in-memory-ports';
import { fixture, incomingRecord, validInvoice } from '../../helpers/records';

function setup() {
  const ports = { invoiceStore: new InMemoryInvoiceStore(), invalidChannel: new InMemoryInvalidChannel(), messageLog: new InMemoryMessageLog() };
  const deps: ValidateBatchDeps = {
    ...ports,
    now: () => new Date('2026-11-21T09:00:01.000Z'),
    validator: { name: 'invoice-pipeline', version: 'test' },
    maxPayloadBytes: 262_144,
  };
  return { deps, ...ports };
}

describe('validateInvoiceBatch', () => {
  it('stores a valid invoice with its text exactly as submitted and records STORED', async () => {
    // Prepare
    const { deps, invoiceStore, messageLog } = setup();
    const record = incomingRecord(fixture('valid-basic'));

    // Act
    const {
      settled: [outcome],
    } = await validateInvoiceBatch(deps, [record]);

    // Assess
    expect(outcome?.status).toBe('STORED');
    const stored = invoiceStore.items.get('B12345678/F-2026-000123');
    expect(stored?.payload).toBe(fixture('valid-basic').toString());
    expect(stored).toMatchObject({ messageId: record.headers['message-id'], origin: { topic: 'invoices', partition: 0, offset: record.origin.offset } });
    expect(messageLog.entries.get(record.headers['message-id'] as string)?.status).toBe('STORED');
  });

  it('sends an invalid invoice to the invalid channel with every reason and the payload byte-exact', async () => {
    // Prepare
    const { deps, invalidChannel, invoiceStore } = setup();
    const record = incomingRecord(fixture('invalid-totals'));

    // Act
    const {
      settled: [outcome],
    } = await validateInvoiceBatch(deps, [record]);

    // Assess
    expect(outcome?.status).toBe('INVALID');
    expect(invoiceStore.items.size).toBe(0);
    const [message] = invalidChannel.sent;
    expect(message).toMatchObject({
      messageId: record.headers['message-id'],
      correlationId: record.headers['correlation-id'],
      payloadEncoding: 'utf8',
      source: { topic: 'invoices', partition: 0, offset: record.origin.offset },
      validator: { name: 'invoice-pipeline', version: 'test' },
    });
    expect(message?.payload).toBe(fixture('invalid-totals').toString());
    expect(message?.reasons.map((reason) => reason.code)).toContain('TOTALS_MISMATCH');
  });

  it('keeps bytes that are not UTF-8 as base64 with INVALID_ENCODING', async () => {
    // Prepare
    const { deps, invalidChannel } = setup();
    const bytes = Buffer.from([0x7b, 0xc3, 0x28, 0x7d]);

    // Act
    await validateInvoiceBatch(deps, [incomingRecord(bytes)]);

    // Assess
    expect(invalidChannel.sent[0]).toMatchObject({ payloadEncoding: 'base64', payload: bytes.toString('base64') });
    expect(invalidChannel.sent[0]?.reasons[0]?.code).toBe('INVALID_ENCODING');
  });

  it('stores a redelivered record once and still reports it STORED', async () => {
    // Prepare
    const { deps, invoiceStore, invalidChannel } = setup();
    const record = incomingRecord(validInvoice('F-REDELIVERED'));

    // Act
    await validateInvoiceBatch(deps, [record]);
    const {
      settled: [again],
    } = await validateInvoiceBatch(deps, [record]);

    // Assess
    expect(again?.status).toBe('STORED');
    expect(invoiceStore.items.size).toBe(1);
    expect(invalidChannel.sent).toHaveLength(0);
  });

  it('calls the same invoice sent again with the same content (other key order) a DUPLICATE', async () => {
    // Prepare
    const { deps, invoiceStore } = setup();
    const first = JSON.parse(validInvoice('F-DUP').toString()) as Record<string, unknown>;
    const reordered = Object.fromEntries(Object.entries(first).reverse());

    // Act
    const { settled: outcomes } = await validateInvoiceBatch(deps, [
      incomingRecord(JSON.stringify(first)),
      incomingRecord(JSON.stringify(reordered, null, 2)),
    ]);

    // Assess
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['STORED', 'DUPLICATE']);
    expect(invoiceStore.items.size).toBe(1);
  });

  it('rejects the same identity with other content as DUPLICATE_CONFLICT and keeps the stored one', async () => {
    // Prepare
    const { deps, invoiceStore, invalidChannel } = setup();
    const original = incomingRecord(validInvoice('F-CONFLICT'));
    const changed = incomingRecord(validInvoice('F-CONFLICT', { dueDate: '2026-12-31' }));

    // Act
    const { settled: outcomes } = await validateInvoiceBatch(deps, [original, changed]);

    // Assess
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['STORED', 'INVALID']);
    expect(invoiceStore.items.get('B12345678/F-CONFLICT')?.messageId).toBe(original.headers['message-id']);
    expect(invalidChannel.sent[0]?.reasons).toEqual([expect.objectContaining({ category: 'DATA', code: 'DUPLICATE_CONFLICT' })]);
  });

  it('derives a stable message id from the Kafka coordinates when a producer sent no headers', async () => {
    // Prepare
    const { deps, invalidChannel } = setup();
    const record = incomingRecord('not json', { headers: {}, partition: 3, offset: '42' });

    // Act
    await validateInvoiceBatch(deps, [record]);

    // Assess
    expect(invalidChannel.sent[0]).toMatchObject({ messageId: 'invoices-3-42', correlationId: 'invoices-3-42' });
  });

  it.each([
    ['the invoice store', 'invoiceStore', fixture('valid-basic')],
    ['the invalid channel', 'invalidChannel', fixture('invalid-totals')],
    ['the message log', 'messageLog', fixture('valid-basic')],
  ] as const)('returns the record unsettled, with why, when %s is unreachable, so it is delivered again', async (_name, port, value) => {
    // Prepare
    const context = setup();
    context[port].failing = true;
    const record = incomingRecord(value);

    // Act
    const { settled, unsettled } = await validateInvoiceBatch(context.deps, [record]);

    // Assess
    expect(settled).toEqual([]);
    expect(unsettled).toEqual([{ record, messageId: record.headers['message-id'], correlationId: record.headers['correlation-id'], error: expect.any(StoreUnavailableError) }]);
    expect(context.messageLog.entries.size).toBe(0);
  });

  it('settles the rest of the batch when a store fails for some of its records', async () => {
    // Prepare
    const { deps, invoiceStore, invalidChannel, messageLog } = setup();
    const failing = incomingRecord(validInvoice('F-FAILS'));
    const stored = incomingRecord(validInvoice('F-STORED'));
    const invalid = incomingRecord(fixture('invalid-totals'));
    const unsent = incomingRecord(fixture('invalid-range'));
    invoiceStore.failOn = (invoice) => invoice.invoiceNumber === 'F-FAILS';
    invalidChannel.failOn = (message) => message.messageId === unsent.headers['message-id'];

    // Act
    const { settled, unsettled } = await validateInvoiceBatch(deps, [failing, stored, invalid, unsent]);

    // Assess
    expect(settled.map((outcome) => [outcome.record.origin.offset, outcome.status])).toEqual([
      [stored.origin.offset, 'STORED'],
      [invalid.origin.offset, 'INVALID'],
    ]);
    expect(unsettled.map(({ record }) => record.origin.offset)).toEqual([failing.origin.offset, unsent.origin.offset]);
    expect([...messageLog.entries.keys()]).toEqual([stored.headers['message-id'], invalid.headers['message-id']]);
    expect(invalidChannel.sent.map((message) => message.messageId)).toEqual([invalid.headers['message-id']]);
  });

  it('quarantines as PROCESSING_FAILED, at once, a valid invoice the store refused as it is (not retriable), and stores the rest', async () => {
    // Prepare
    const { deps, invoiceStore, invalidChannel, messageLog } = setup();
    const refused = incomingRecord(validInvoice('F-REFUSED'));
    const stored = incomingRecord(validInvoice('F-FINE'));
    invoiceStore.failOn = (invoice) => invoice.invoiceNumber === 'F-REFUSED';
    invoiceStore.failure = (what) => new StoreRejectedError(`${what}: ValidationException (test)`);

    // Act
    const { settled, unsettled } = await validateInvoiceBatch(deps, [refused, stored]);

    // Assess: nothing left to retry, nothing lost
    expect(unsettled).toEqual([]);
    expect(settled.map((outcome) => [outcome.record.origin.offset, outcome.status])).toEqual([
      [refused.origin.offset, 'INVALID'],
      [stored.origin.offset, 'STORED'],
    ]);
    const [message] = invalidChannel.sent;
    expect(message?.messageId).toBe(refused.headers['message-id']);
    expect(message?.reasons).toEqual([expect.objectContaining({ category: 'PROCESSING', code: 'PROCESSING_FAILED' })]);
    expect(message?.reasons[0]?.message).toContain('ValidationException (test)');
    expect(Buffer.from(message?.payload ?? '').equals(refused.payload ?? Buffer.alloc(0))).toBe(true);
    expect(messageLog.entries.get(refused.headers['message-id'] ?? '')?.status).toBe('INVALID');
  });

  it('holds back the later versions of an invoice whose earlier version could not be stored, so their order holds', async () => {
    // Prepare
    const { deps, invoiceStore } = setup();
    const first = incomingRecord(validInvoice('F-ORDER'));
    const second = incomingRecord(validInvoice('F-ORDER', { dueDate: '2026-12-31' }));
    invoiceStore.failOn = (invoice) => invoice.messageId === first.headers['message-id'];

    // Act
    const { settled, unsettled } = await validateInvoiceBatch(deps, [first, second]);

    // Assess
    expect(settled).toEqual([]);
    expect(unsettled.map(({ record }) => record.origin.offset)).toEqual([first.origin.offset, second.origin.offset]);
    expect(unsettled[1]?.error.message).toContain('an earlier version of this invoice is not stored yet');
    expect(invoiceStore.items.size).toBe(0);
  });

  it('leaves an unrecorded outcome unsettled and changes nothing when the record comes again', async () => {
    // Prepare
    const { deps, invoiceStore, messageLog } = setup();
    const record = incomingRecord(validInvoice('F-RETRIED'));
    messageLog.failing = true;
    const first = await validateInvoiceBatch(deps, [record]);
    messageLog.failing = false;

    // Act
    const second = await validateInvoiceBatch(deps, [record]);

    // Assess
    expect(first.unsettled).toHaveLength(1);
    expect(second.settled.map((outcome) => outcome.status)).toEqual(['STORED']);
    expect(invoiceStore.items.size).toBe(1);
  });
});
