/** The admin CLI's text for a quarantined message and a trace: where it was on its transport. */
import { formatEntry, formatTrace } from '../../../cli/admin/format';
import type { InvalidInvoice } from '../../../cli/admin/admin-api-client';

function entry(source: InvalidInvoice['source']): InvalidInvoice {
  return {
    messageId: 'm-1',
    status: 'PENDING',
    correlationId: 'c-1',
    issuerTaxId: 'B12345678',
    invoiceNumber: 'F-1',
    category: 'DATA',
    codes: ['TOTALS_MISMATCH'],
    quarantinedAt: '2026-12-01T10:00:00.000Z',
    detectedAt: '2026-12-01T10:00:00.000Z',
    source,
    headers: {},
    payload: '{}',
    payloadEncoding: 'utf8',
    reasons: [{ category: 'DATA', code: 'TOTALS_MISMATCH', path: '/totals/gross', message: 'wrong' }],
    history: [],
  } as unknown as InvalidInvoice;
}

describe('the admin CLI', () => {
  it("shows Kafka's topic, partition and offset", () => {
    expect(formatEntry(entry({ topic: 'invoices', partition: 3, offset: '42', timestamp: '2026-12-01T10:00:00.000Z', key: null }))).toContain('source       invoices-3@42 at 2026-12-01T10:00:00.000Z');
  });

  it("shows RabbitMQ's queue and a redelivery", () => {
    const text = formatEntry(entry({ transport: 'rabbitmq', topic: 'invoices', partition: 0, offset: 'm-1', redelivered: true, timestamp: '2026-12-01T10:00:00.000Z', key: null }));

    expect(text).toContain('source       rabbitmq queue invoices (redelivered) at 2026-12-01T10:00:00.000Z');
  });

  it('names the queue in a trace', () => {
    const text = formatTrace({
      lookup: { by: 'messageId', value: 'm-1' },
      messages: [{ messageId: 'm-1', status: 'STORED', quarantined: false, timeline: [{ event: 'ACCEPTED', at: '2026-12-01T10:00:00.000Z', origin: { transport: 'rabbitmq', topic: 'invoices', partition: 0, offset: 'm-1' } }] }],
    } as unknown as Parameters<typeof formatTrace>[0]);

    expect(text).toContain('ACCEPTED at rabbitmq queue invoices');
  });
});
