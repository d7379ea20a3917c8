import { ConflictError, NotFoundError, PublisherUnavailableError, ResendRejectedError, BadRequestError } from '../../../lib/errors';
import type { QuarantineEntry } from '../../../lib/ports/quarantine';
import { discardInvalidInvoice } from '../../../lib/use-cases/admin/discard-invalid-invoice';
import { resendInvalidInvoice } from '../../../lib/use-cases/admin/resend-invalid-invoice';
import { InMemoryMessageLog, InMemoryQuarantine, RecordingLog, RecordingPublisher } from '../../helpers/in-memory-ports';
import { fixture } from '../../helpers/records';

function pendingEntry(messageId: string, payload: string): QuarantineEntry {
  return {
    messageId,
    correlationId: `corr-${messageId}`,
    detectedAt: '2026-11-21T09:00:00.000Z',
    source: { topic: 'invoices', partition: 1, offset: '3', timestamp: '2026-11-21T09:00:00.000Z', key: null },
    headers: {},
    payload,
    payloadEncoding: 'utf8',
    payloadSizeBytes: payload.length,
    reasons: [{ category: 'DATA', code: 'TOTALS_MISMATCH', path: '/totals/gross', message: 'wrong' }],
    validator: { name: 'invoice-pipeline', version: 'test' },
    status: 'PENDING',
    category: 'DATA',
    codes: ['TOTALS_MISMATCH'],
    quarantinedAt: '2026-11-21T09:00:01.000Z',
    notified: true,
    history: [{ at: '2026-11-21T09:00:01.000Z', action: 'QUARANTINED' }],
  };
}

const invalidTotals = fixture('invalid-totals').toString();
const corrected = Buffer.from(invalidTotals.replace('"gross": 650.0', '"gross": 605.0'));

function setup() {
  const quarantine = new InMemoryQuarantine();
  const publisher = new RecordingPublisher(1);
  const messageLog = new InMemoryMessageLog();
  quarantine.entries.set('m-1', pendingEntry('m-1', invalidTotals));
  let next = 0;
  const deps = { quarantine, publisher, messageLog, now: () => new Date('2026-11-21T10:00:00.000Z'), newMessageId: () => `new-${++next}`, maxPayloadBytes: 262_144, log: new RecordingLog() };
  return { deps, quarantine, publisher, messageLog };
}

describe('resendInvalidInvoice', () => {
  it('refuses the uncorrected invoice with its reasons, sends nothing and keeps the attempt in the history', async () => {
    // Prepare
    const { deps, publisher, quarantine } = setup();

    // Act
    const attempt = resendInvalidInvoice(deps, { messageId: 'm-1', by: 'alice' });

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(ResendRejectedError);
    await expect(attempt).rejects.toMatchObject({ reasons: [expect.objectContaining({ code: 'TOTALS_MISMATCH' })] });
    expect(publisher.published).toHaveLength(0);
    expect(quarantine.entries.get('m-1')).toMatchObject({ status: 'PENDING' });
    expect(quarantine.entries.get('m-1')?.history.at(-1)).toMatchObject({ action: 'RESEND_REJECTED', by: 'alice' });
  });

  it('publishes the corrected invoice with causation and correlation ids and marks the original RESENT', async () => {
    // Prepare
    const { deps, publisher, quarantine, messageLog } = setup();

    // Act
    const { newMessageId } = await resendInvalidInvoice(deps, { messageId: 'm-1', by: 'alice', correctedBody: corrected });

    // Assess
    expect(publisher.published).toHaveLength(1);
    expect(publisher.published[0]?.value.equals(corrected)).toBe(true);
    expect(publisher.published[0]?.headers).toMatchObject({ 'message-id': newMessageId, 'causation-id': 'm-1', 'correlation-id': 'corr-m-1', source: 'admin-resend' });
    expect(quarantine.entries.get('m-1')).toMatchObject({ status: 'RESENT', resentAs: newMessageId });
    expect(quarantine.entries.get('m-1')?.history.at(-1)).toMatchObject({ action: 'RESENT', by: 'alice', newMessageId, corrected: true, before: { status: 'PENDING' } });
    expect(messageLog.entries.get(newMessageId)?.status).toBe('ACCEPTED');
  });

  it('publishes once when two admins resend the same entry at the same time', async () => {
    // Prepare
    const { deps, publisher } = setup();

    // Act
    const results = await Promise.allSettled([
      resendInvalidInvoice(deps, { messageId: 'm-1', by: 'alice', correctedBody: corrected }),
      resendInvalidInvoice(deps, { messageId: 'm-1', by: 'bob', correctedBody: corrected }),
    ]);

    // Assess
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((result) => result.status === 'rejected')).toMatchObject({ reason: expect.any(ConflictError) });
    expect(publisher.published).toHaveLength(1);
  });

  it('puts the entry back to PENDING when Kafka refuses the copy', async () => {
    // Prepare
    const { deps, publisher, quarantine } = setup();
    publisher.failing = true;

    // Act
    const attempt = resendInvalidInvoice(deps, { messageId: 'm-1', by: 'alice', correctedBody: corrected });

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(PublisherUnavailableError);
    expect(quarantine.entries.get('m-1')).toMatchObject({ status: 'PENDING' });
    expect(quarantine.entries.get('m-1')?.history.at(-1)).toMatchObject({ action: 'RESEND_FAILED' });
  });

  it('answers not found for an unknown message', async () => {
    const { deps } = setup();
    await expect(resendInvalidInvoice(deps, { messageId: 'nope', by: 'alice' })).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('discardInvalidInvoice', () => {
  it('discards a pending entry with the note, who and when', async () => {
    // Prepare
    const { deps, quarantine } = setup();

    // Act
    const entry = await discardInvalidInvoice(deps, { messageId: 'm-1', by: 'alice', note: 'test invoice, never sent' });

    // Assess
    expect(entry.status).toBe('DISCARDED');
    expect(quarantine.entries.get('m-1')?.history.at(-1)).toMatchObject({ action: 'DISCARDED', by: 'alice', note: 'test invoice, never sent', at: '2026-11-21T10:00:00.000Z' });
  });

  it.each([undefined, '', '   ', 42])('requires a note (got %p)', async (note) => {
    const { deps } = setup();
    await expect(discardInvalidInvoice(deps, { messageId: 'm-1', by: 'alice', note })).rejects.toBeInstanceOf(BadRequestError);
  });

  it('refuses to discard an entry that was already resent', async () => {
    // Prepare
    const { deps } = setup();
    await resendInvalidInvoice(deps, { messageId: 'm-1', by: 'alice', correctedBody: corrected });

    // Act
    const attempt = discardInvalidInvoice(deps, { messageId: 'm-1', by: 'bob', note: 'too late' });

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(ConflictError);
  });
});
