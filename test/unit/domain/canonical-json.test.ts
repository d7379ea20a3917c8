import { canonicalJson } from '../../../lib/domain/canonical-json';
import { loadFixture, type JsonObject } from './invoice-fixtures';

/** The same object with its keys, at every level, in reverse order. */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([key, item]) => [key, reversedKeys(item)]));
}

describe('canonicalJson', () => {
  it('gives the same text for the same invoice whatever its key order and spacing', () => {
    // Prepare
    const invoice = loadFixture('valid-basic');
    const reordered = reversedKeys(JSON.parse(JSON.stringify(invoice, null, 2)));

    // Act
    const [original, other] = [canonicalJson(invoice), canonicalJson(reordered)];

    // Assess
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(invoice));
    expect(other).toBe(original);
  });

  it.each<[string, unknown, string]>([
    ['nested keys sorted, no white space', { b: 1, a: [true, { d: null, c: 'x' }] }, '{"a":[true,{"c":"x","d":null}],"b":1}'],
    ['arrays kept in order', [3, 1, 2], '[3,1,2]'],
    ['strings escaped as JSON', { 'k"ey': 'line\nbreak ñ' }, '{"k\\"ey":"line\\nbreak ñ"}'],
    ['numbers in shortest form', { small: 1e-7, big: 1e21, net: 620.5 }, '{"big":1e+21,"net":620.5,"small":1e-7}'],
    ['undefined members left out, as JSON.stringify does', { a: undefined, b: [undefined] }, '{"b":[null]}'],
    ['an empty object', {}, '{}'],
    ['a bare value', 'F-1', '"F-1"'],
  ])('writes %s', (_case, value, expected) => {
    // Act + Assess
    expect(canonicalJson(value)).toBe(expected);
  });

  it.each<[string, JsonObject, JsonObject]>([
    ['a changed amount', { totals: { gross: 650 } }, { totals: { gross: 605 } }],
    ['a number written as a string', { quantity: 10 }, { quantity: '10' }],
    ['lines in another order', { lines: [{ n: 1 }, { n: 2 }] }, { lines: [{ n: 2 }, { n: 1 }] }],
    ['an extra field', { a: 1 }, { a: 1, note: 'x' }],
  ])('tells content apart: %s', (_case, one, other) => {
    // Act + Assess
    expect(canonicalJson(one)).not.toBe(canonicalJson(other));
  });
});
