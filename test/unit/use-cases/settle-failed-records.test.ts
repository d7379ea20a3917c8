import { StoreUnavailableError } from '../../../lib/errors';
import { settleFailedRecords } from '../../../lib/use-cases/settle-failed-records';
import { validateInvoiceBatch } from '../../../lib/use-cases/validate-invoice-batch';
import { contentHash } from '../../../lib/domain/content-hash';
import { InMemoryInvalidChannel, InMemoryInvoiceStore, InMemoryMessageLog } from '../../helpers/in-memory-ports';
import type { FailedDelivery } from '../../../lib/domain/failed-delivery';
import { fixture, incomingRecord } from '../../helpers/records';

function setup() {
  const invalidChannel = new InMemoryInvalidChannel();
  const messageLog = new InMemoryMessageLog();
  const invoiceStore = new InMemoryInvoiceStore();
  const deps = { invoiceStore, invalidChannel, messageLog, now: () => new Date('2026-11-21T10:00:00.000Z'), validator: { name: 'invoice-pipeline', version: 'test' }, maxPayloadBytes: 262_144 };
  return { deps, invalidChannel, messageLog, invoiceStore };
}

/** The original record, as the failure envelope on invoices.failed carried it. */
const failedCopy = (): FailedDelivery => ({
  record: incomingRecord(fixture('valid-basic'), {
    topic: 'invoices',
    partition: 4,
    offset: '1234',
    timestamp: new Date('2026-11-21T09:59:00.000Z'),
    headers: { 'message-id': 'm-outage', 'correlation-id': 'c-outage' },
  }),
  failure: { kind: 'gave-up', condition: 'RetriesExhausted', invocations: 11 },
});

describe('settleFailedRecords', () => {
  it('sends a record the validator gave up on to the invalid channel as PROCESSING_FAILED, where it came from', async () => {
    // Prepare
    const { deps, invalidChannel, messageLog } = setup();

    // Act
    await settleFailedRecords(deps, [failedCopy()]);

    // Assess
    const [message] = invalidChannel.sent;
    expect(message).toMatchObject({
      messageId: 'm-outage',
      correlationId: 'c-outage',
      source: { topic: 'invoices', partition: 4, offset: '1234', timestamp: '2026-11-21T09:59:00.000Z' },
      payload: fixture('valid-basic').toString(),
      payloadEncoding: 'utf8',
      headers: { 'message-id': 'm-outage', 'correlation-id': 'c-outage' },
    });
    expect(message?.reasons).toEqual([expect.objectContaining({ category: 'PROCESSING', code: 'PROCESSING_FAILED', path: '' })]);
    expect(message?.reasons[0]?.message).toContain('gave up (RetriesExhausted) after 11 invocation(s)');
    expect(messageLog.entries.get('m-outage')).toMatchObject({ status: 'INVALID', origin: { topic: 'invoices', partition: 4, offset: '1234' } });
  });

  it('quarantines a record that is not a failure envelope as it arrived, saying what is wrong with it', async () => {
    // Prepare
    const { deps, invalidChannel, messageLog } = setup();
    const stray = incomingRecord(Buffer.from([0xff, 0x00]), { topic: 'invoices.failed', partition: 2, offset: '7', headers: {} });

    // Act
    const [outcome] = await settleFailedRecords(deps, [{ record: stray, failure: { kind: 'not-a-failure-report', problem: 'its value is not JSON text' } }]);

    // Assess
    expect(outcome).toMatchObject({ messageId: 'invoices.failed-2-7', status: 'INVALID' });
    expect(invalidChannel.sent[0]).toMatchObject({ payload: Buffer.from([0xff, 0x00]).toString('base64'), payloadEncoding: 'base64', source: { topic: 'invoices.failed', partition: 2, offset: '7' } });
    expect(invalidChannel.sent[0]?.reasons[0]?.message).toContain('not a failure record of the event source mapping: its value is not JSON text');
    expect(messageLog.entries.get('invoices.failed-2-7')?.status).toBe('INVALID');
  });

  it('fails the batch when the invalid channel is unreachable, so the records are kept for a retry', async () => {
    const { deps, invalidChannel } = setup();
    invalidChannel.failing = true;
    await expect(settleFailedRecords(deps, [failedCopy()])).rejects.toBeInstanceOf(StoreUnavailableError);
  });

  it('records STORED instead of quarantining when a write of the failed attempt landed after all', async () => {
    // Prepare: the invoice was stored under this message id, though its caller timed out
    const { deps, invalidChannel, messageLog, invoiceStore } = setup();
    const document = JSON.parse(fixture('valid-basic').toString()) as Record<string, unknown>;
    await invoiceStore.storeIfAbsent({
      issuerTaxId: 'B12345678',
      invoiceNumber: 'F-2026-000123',
      messageId: 'm-outage',
      correlationId: 'c-outage',
      contentHash: contentHash(document),
      payload: fixture('valid-basic').toString(),
      submittedAt: '2026-11-21T09:59:00.000Z',
      storedAt: '2026-11-21T09:59:30.000Z',
      origin: { topic: 'invoices', partition: 4, offset: '1234' },
    });

    // Act
    const [outcome] = await settleFailedRecords(deps, [failedCopy()]);

    // Assess
    expect(outcome?.status).toBe('STORED');
    expect(invalidChannel.sent).toHaveLength(0);
    expect(messageLog.entries.get('m-outage')?.status).toBe('STORED');
  });

  it('keeps an outcome that was already recorded', async () => {
    // Prepare
    const { deps, invalidChannel, messageLog } = setup();
    await messageLog.recordOutcomes([{ messageId: 'm-outage', status: 'INVALID', correlationId: 'c-outage', origin: { topic: 'invoices', partition: 4, offset: '1234' }, processedAt: '2026-11-21T09:59:30.000Z' }]);

    // Act
    const [outcome] = await settleFailedRecords(deps, [failedCopy()]);

    // Assess
    expect(outcome?.status).toBe('INVALID');
    expect(invalidChannel.sent).toHaveLength(0);
  });

  it('fences the message out, so a write of the failed attempt that lands late cannot store what is quarantined', async () => {
    // Prepare: the trigger gave up while a put of the validator was still on its way
    const { deps, invalidChannel, invoiceStore } = setup();
    await settleFailedRecords(deps, [failedCopy()]);

    // Act: the late put lands (the same record, as the validator wrote it), and so does a redelivery
    const [late] = await invoiceStore.storeAllIfAbsent([
      {
        issuerTaxId: 'B12345678',
        invoiceNumber: 'F-2026-000123',
        messageId: 'm-outage',
        correlationId: 'c-outage',
        contentHash: 'any',
        payload: fixture('valid-basic').toString(),
        submittedAt: '2026-11-21T09:59:00.000Z',
        storedAt: '2026-11-21T09:59:30.000Z',
        origin: { topic: 'invoices', partition: 4, offset: '1234' },
      },
    ]);
    const redelivered = await validateInvoiceBatch(deps, [failedCopy().record]);

    // Assess: nothing stored; the redelivery keeps its PROCESSING_FAILED outcome, and only one message is quarantined
    expect(late).toEqual({ created: false, fenced: true });
    expect(invoiceStore.items.size).toBe(0);
    expect(redelivered.settled[0]).toMatchObject({ messageId: 'm-outage', status: 'INVALID', reasons: [expect.objectContaining({ code: 'PROCESSING_FAILED' })] });
    expect(new Set(invalidChannel.sent.map((message) => message.messageId))).toEqual(new Set(['m-outage']));
  });

  it('lets another message store the invoice once the failed one is fenced out (an admin resend is a new message)', async () => {
    const { deps, invoiceStore } = setup();
    await settleFailedRecords(deps, [failedCopy()]);
    const resent = incomingRecord(fixture('valid-basic'), { topic: 'invoices', partition: 4, offset: '1300', headers: { 'message-id': 'm-resent', 'correlation-id': 'c-outage', 'causation-id': 'm-outage' } });

    const result = await validateInvoiceBatch(deps, [resent]);

    expect(result.settled[0]).toMatchObject({ messageId: 'm-resent', status: 'STORED' });
    expect(await invoiceStore.get({ issuerTaxId: 'B12345678', invoiceNumber: 'F-2026-000123' })).toMatchObject({ messageId: 'm-resent' });
  });
});
