import { itemSizeBytes, writeUnits } from '../../../bench/support/dynamodb-units';

describe("AWS's write-unit formulas", () => {
  it('sizes an item as DynamoDB does: names and values, numbers by their digits, maps and lists with their overhead', () => {
    expect(itemSizeBytes({ id: 'abc' })).toBe(5);
    expect(itemSizeBytes({ n: 12345 })).toBe(1 + 4);
    expect(itemSizeBytes({ ok: true, none: null })).toBe(2 + 1 + 4 + 1);
    expect(itemSizeBytes({ m: { a: 'b' } })).toBe(1 + 3 + 2 + 1);
    expect(itemSizeBytes({ l: ['ab', 'c'] })).toBe(1 + 3 + 3 + 2);
    expect(itemSizeBytes({ gone: undefined })).toBe(0);
  });

  it('bills 1 unit per KB rounded up, and twice that inside a transaction', () => {
    const item = { k: 'x'.repeat(1300) };
    expect(writeUnits({ k: 'x' })).toBe(1);
    expect(writeUnits(item)).toBe(2);
    expect(writeUnits(item, { transactional: true })).toBe(4);
  });
});
