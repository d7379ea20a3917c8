import { StoreUnavailableError } from '../../../lib/errors';
import { settleFailedRecords } from '../../../lib/use-cases/settle-failed-records';
import { contentHash } from '../../../lib/domain/content-hash';
import { InMemoryInvalidChannel, InMemoryInvoiceStore, InMemoryMessageLog } from '../../helpers/in-memory-ports';
import { fixture, incomingRecord } from '../../helpers/records';

function setup() {
  const invalidChannel = new InMemoryInvalidChannel();
  const messageLog = new InMemoryMessageLog();
  const invoiceStore = new InMemoryInvoiceStore();
  const deps = { invoiceStore, invalidChannel, messageLog, now: () => new Date('2026-11-21T10:00:00.000Z'), validator: { name: 'invoice-pipeline', version: 'test' }, maxPayloadBytes: 262_144 };
  return { deps, invalidChannel, messageLog, invoiceStore };
}

const failedCopy = () =>
  incomingRecord(fixture('valid-basic'), {
    topic: 'invoices.failed',
    partition: 0,
    offset: '9',
    headers: {
      'message-id': 'm-outage',
      'correlation-id': 'c-outage',
      'failure-source-topic': 'invoices',
      'failure-source-partition': '4',
      'failure-source-offset': '1234',
      'failure-source-timestamp': String(Date.parse('2026-11-21T09:59:00.000Z')),
      'failure-attempts': '11',
      'failure-reason': 'could not store invoice: connect ECONNREFUSED',
    },
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
    expect(message?.headers['failure-reason']).toBeUndefined();
    expect(message?.reasons).toEqual([expect.objectContaining({ category: 'PROCESSING', code: 'PROCESSING_FAILED', path: '' })]);
    expect(message?.reasons[0]?.message).toContain('11 attempt(s)');
    expect(messageLog.entries.get('m-outage')).toMatchObject({ status: 'INVALID', kafka: { topic: 'invoices', partition: 4, offset: '1234' } });
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
      kafka: { topic: 'invoices', partition: 4, offset: '1234' },
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
    await messageLog.recordOutcomes([{ messageId: 'm-outage', status: 'INVALID', correlationId: 'c-outage', kafka: { topic: 'invoices', partition: 4, offset: '1234' }, processedAt: '2026-11-21T09:59:30.000Z' }]);

    // Act
    const [outcome] = await settleFailedRecords(deps, [failedCopy()]);

    // Assess
    expect(outcome?.status).toBe('INVALID');
    expect(invalidChannel.sent).toHaveLength(0);
  });
});
