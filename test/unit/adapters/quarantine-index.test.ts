import {
  counterFieldsOf,
  counterUpdate,
  dimensionFor,
  dimensionsOf,
  listKey,
  listRowsOf,
  shardOf,
  sortKeyOf,
} from '../../../lib/adapters/dynamodb/quarantine-index';
import type { QuarantineEntry } from '../../../lib/ports/quarantine';

const entry = {
  messageId: 'm-1',
  correlationId: 'c-1',
  clientId: 'acme',
  status: 'PENDING',
  category: 'DATA',
  codes: ['TOTALS_MISMATCH', 'INVALID_DATE'],
  reasons: [
    { category: 'DATA', code: 'TOTALS_MISMATCH', path: '/totals/gross', message: 'wrong' },
    { category: 'DATA', code: 'INVALID_DATE', path: '/issueDate', message: 'wrong' },
    { category: 'DATA', code: 'TOTALS_MISMATCH', path: '/totals/net', message: 'wrong' },
  ],
  quarantinedAt: '2026-12-01T10:00:00.000Z',
} as unknown as QuarantineEntry;

describe('the quarantine index keys', () => {
  it('spreads message ids evenly over the shards and always puts one id in the same shard', () => {
    // Prepare
    const counts = [0, 0, 0, 0];

    // Act
    for (let index = 0; index < 4000; index += 1) counts[shardOf(`m-${index}`, 4)] = (counts[shardOf(`m-${index}`, 4)] ?? 0) + 1;

    // Assess
    for (const count of counts) expect(count).toBeGreaterThan(850);
    expect(shardOf('m-1', 4)).toBe(shardOf('m-1', 4));
  });

  it('lists an entry under its status for every way of asking: all, its category, its client and each distinct code', () => {
    // Act
    const rows = listRowsOf(entry, 4);

    // Assess
    const shard = shardOf('m-1', 4);
    expect(rows.map((row) => row.list)).toEqual([
      `PENDING#all#${shard}`,
      `PENDING#category#DATA#${shard}`,
      `PENDING#client#acme#${shard}`,
      `PENDING#code#TOTALS_MISMATCH#${shard}`,
      `PENDING#code#INVALID_DATE#${shard}`,
    ]);
    expect(new Set(rows.map((row) => row.at))).toEqual(new Set(['2026-12-01T10:00:00.000Z#m-1']));
    expect(rows[0]).toMatchObject({ messageId: 'm-1', reasonCount: 3, codes: ['TOTALS_MISMATCH', 'INVALID_DATE'] });
    expect(rows[0]).not.toHaveProperty('reasons');
  });

  it('leaves the client list out for a record produced straight to the topic', () => {
    // Act
    const dimensions = dimensionsOf({ ...entry, clientId: undefined });

    // Assess
    expect(dimensions.map((dimension) => dimension.kind)).toEqual(['all', 'category', 'code', 'code']);
  });

  it('sorts newest first by time, and the message id makes two entries of one millisecond distinct', () => {
    expect(sortKeyOf({ quarantinedAt: '2026-12-01T10:00:00.001Z', messageId: 'a' }) > sortKeyOf({ quarantinedAt: '2026-12-01T10:00:00.000Z', messageId: 'z' })).toBe(true);
    expect(sortKeyOf({ quarantinedAt: 't', messageId: 'a' })).not.toBe(sortKeyOf({ quarantinedAt: 't', messageId: 'b' }));
  });

  it('counts an entry once in the total, once in its category and once per distinct code', () => {
    // Act
    const fields = counterFieldsOf(entry);
    const update = counterUpdate(fields, -1);

    // Assess
    expect(fields).toEqual(['total', 'category_DATA', 'code_TOTALS_MISMATCH', 'code_INVALID_DATE']);
    expect(update.UpdateExpression).toBe('ADD #f0 :delta, #f1 :delta, #f2 :delta, #f3 :delta');
    expect(update.ExpressionAttributeNames).toEqual({ '#f0': 'total', '#f1': 'category_DATA', '#f2': 'code_TOTALS_MISMATCH', '#f3': 'code_INVALID_DATE' });
    expect(update.ExpressionAttributeValues).toEqual({ ':delta': -1 });
  });

  it('serves a filter from the most selective list and checks the rest on the rows', () => {
    expect(dimensionFor({})).toEqual({ dimension: { kind: 'all' }, residual: [] });
    expect(dimensionFor({ status: 'PENDING', category: 'DATA' })).toEqual({ dimension: { kind: 'category', value: 'DATA' }, residual: [] });
    expect(dimensionFor({ clientId: 'acme', category: 'DATA' })).toEqual({ dimension: { kind: 'client', value: 'acme' }, residual: ['category'] });
    expect(dimensionFor({ code: 'TOTALS_MISMATCH', clientId: 'acme' })).toEqual({ dimension: { kind: 'code', value: 'TOTALS_MISMATCH' }, residual: ['client'] });
    expect(listKey('RESENT', { kind: 'code', value: 'INVALID_DATE' }, 2)).toBe('RESENT#code#INVALID_DATE#2');
  });
});
