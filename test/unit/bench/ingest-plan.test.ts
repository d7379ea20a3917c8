import { buildValidInvoices } from '../../../bench/corpus/invoice-corpus';
import { acceptedMessageIds, invoiceDispenser, invoicesNeeded, warmUpRequests } from '../../../bench/sections/ingest-plan';

describe('acceptedMessageIds', () => {
  it('reads the message id of a POST /invoices answer', () => {
    expect(acceptedMessageIds(202, JSON.stringify({ messageId: 'm-1', partition: 0 }))).toEqual(['m-1']);
  });

  it('reads every message id of a POST /invoices/batch answer', () => {
    const body = JSON.stringify({ results: [{ index: 0, status: 202, messageId: 'm-1' }, { index: 1, status: 202, messageId: 'm-2' }] });

    expect(acceptedMessageIds(202, body)).toEqual(['m-1', 'm-2']);
  });

  it.each([
    [503, '{"title":"Service Unavailable"}'],
    [202, JSON.stringify({ results: [{ index: 0, status: 503, detail: 'broker down' }] })],
  ])('fails the request for an answer %d that did not accept every invoice', (status, body) => {
    expect(() => acceptedMessageIds(status, body)).toThrow();
  });
});

describe('warmUpRequests', () => {
  it('warms each concurrent client up twice', () => {
    expect(warmUpRequests(16)).toBe(32);
  });
});

describe('invoicesNeeded and invoiceDispenser', () => {
  const plan = { runTag: 'bench-t', concurrency: [1, 4], requests: [10, 20], batchItems: 100, batchConcurrency: [2], batchRequests: [3] };

  it('counts warm-up and measured invoices of every level', () => {
    // Single: (2 + 10) + (8 + 20) = 40 per path; batch: (4 + 3) x 100.
    expect(invoicesNeeded(plan, 2)).toBe(80 + 700);
  });

  it('hands every invoice out once, and says when there are none left', () => {
    const take = invoiceDispenser(buildValidInvoices('bench-t', 3, new Date('2026-11-24T10:00:00Z')));

    expect(take(2).map((invoice) => invoice.index)).toEqual([0, 1]);
    expect(take(1)).toHaveLength(1);
    expect(() => take(1)).toThrow('ran out');
  });
});
