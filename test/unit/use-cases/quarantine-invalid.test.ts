import type { InvalidInvoiceMessage } from '../../../lib/domain/invalid-invoice-message';
import { quarantineInvalid } from '../../../lib/use-cases/quarantine-invalid';
import { InMemoryQuarantine, RecordingNotifier } from '../../helpers/in-memory-ports';

function invalidMessage(messageId: string, code: 'TOTALS_MISMATCH' | 'INVALID_JSON' = 'TOTALS_MISMATCH'): InvalidInvoiceMessage {
  return {
    messageId,
    correlationId: `corr-${messageId}`,
    detectedAt: '2026-11-21T09:00:00.000Z',
    source: { topic: 'invoices', partition: 1, offset: '7', timestamp: '2026-11-21T08:59:59.000Z', key: 'B1/F-1' },
    headers: { 'message-id': messageId },
    payload: '{"invoiceNumber":"F-1","issuer":{"taxId":"B1"}}',
    payloadEncoding: 'utf8',
    payloadSizeBytes: 46,
    reasons: [{ category: code === 'INVALID_JSON' ? 'STRUCTURE' : 'DATA', code, path: '', message: 'wrong' }],
    validator: { name: 'invoice-pipeline', version: 'test' },
  };
}

const delivery = (message: InvalidInvoiceMessage | string, deliveryId = 'd-1') => ({
  deliveryId,
  body: typeof message === 'string' ? message : JSON.stringify(message),
});

function setup() {
  const quarantine = new InMemoryQuarantine();
  const notifier = new RecordingNotifier();
  return { quarantine, notifier, deps: { quarantine, notifier, now: () => new Date('2026-11-21T09:01:00.000Z') } };
}

describe('quarantineInvalid', () => {
  it('adds each message as PENDING and notifies admins once for the whole batch', async () => {
    // Prepare
    const { deps, quarantine, notifier } = setup();

    // Act
    const result = await quarantineInvalid(deps, [delivery(invalidMessage('m-1'), 'd-1'), delivery(invalidMessage('m-2', 'INVALID_JSON'), 'd-2')]);

    // Assess
    expect(result.failedDeliveryIds).toEqual([]);
    expect(quarantine.entries.get('m-1')).toMatchObject({ status: 'PENDING', category: 'DATA', codes: ['TOTALS_MISMATCH'], invoiceNumber: 'F-1', notified: true });
    expect(notifier.notifications).toHaveLength(1);
    expect(notifier.notifications[0]?.map((item) => item.messageId)).toEqual(['m-1', 'm-2']);
  });

  it('makes no second entry and no second notification for a redelivered message', async () => {
    // Prepare
    const { deps, quarantine, notifier } = setup();
    await quarantineInvalid(deps, [delivery(invalidMessage('m-1'))]);

    // Act
    const result = await quarantineInvalid(deps, [delivery(invalidMessage('m-1'))]);

    // Assess
    expect(result.outcomes[0]?.outcome).toBe('ALREADY_QUARANTINED');
    expect(quarantine.entries.size).toBe(1);
    expect(notifier.notifications).toHaveLength(1);
  });

  it('names a message delivered twice in one batch once in its notification (the validator sent it again on a retry)', async () => {
    // Prepare
    const { deps, quarantine, notifier } = setup();

    // Act
    const result = await quarantineInvalid(deps, [delivery(invalidMessage('m-1'), 'd-1'), delivery(invalidMessage('m-1'), 'd-2'), delivery(invalidMessage('m-2'), 'd-3')]);

    // Assess
    expect(result.failedDeliveryIds).toEqual([]);
    expect(quarantine.entries.size).toBe(2);
    expect(notifier.notifications).toHaveLength(1);
    expect(notifier.notifications[0]?.map((item) => item.messageId)).toEqual(['m-1', 'm-2']);
  });

  it('reports entries whose notification failed, and notifies them when they come back', async () => {
    // Prepare
    const { deps, notifier } = setup();
    notifier.failing = true;

    // Act
    const failed = await quarantineInvalid(deps, [delivery(invalidMessage('m-1'))]);
    notifier.failing = false;
    const retried = await quarantineInvalid(deps, [delivery(invalidMessage('m-1'))]);

    // Assess
    expect(failed.failedDeliveryIds).toEqual(['d-1']);
    expect(retried.failedDeliveryIds).toEqual([]);
    expect(notifier.notifications).toHaveLength(1);
  });

  it('reports an unreadable body as a failure without holding back the others', async () => {
    // Prepare
    const { deps, quarantine } = setup();

    // Act
    const result = await quarantineInvalid(deps, [delivery('{"not":"a message"}', 'bad'), delivery(invalidMessage('m-ok'), 'good')]);

    // Assess
    expect(result.failedDeliveryIds).toEqual(['bad']);
    expect(quarantine.entries.has('m-ok')).toBe(true);
  });

  it('reports every delivery as failed when the quarantine store is unreachable', async () => {
    // Prepare
    const { deps, quarantine, notifier } = setup();
    quarantine.failing = true;

    // Act
    const result = await quarantineInvalid(deps, [delivery(invalidMessage('m-1'), 'd-1'), delivery(invalidMessage('m-2'), 'd-2')]);

    // Assess
    expect(result.failedDeliveryIds).toEqual(['d-1', 'd-2']);
    expect(notifier.notifications).toHaveLength(0);
  });
});
