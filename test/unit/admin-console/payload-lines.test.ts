import { annotateLines, parentPointer, prettyLines, type ShownReason } from '../../../admin-console/src/payload-lines';
import { loadFixture } from '../domain/invoice-fixtures';

const reasonAt = (path: string, code = 'TOTALS_MISMATCH'): ShownReason => ({ code, path, message: `${code} at ${path || 'the invoice'}` });

describe('prettyLines', () => {
  it.each([
    ['an invoice', loadFixture('valid-basic')],
    ['empty containers', { a: {}, b: [], c: [[], {}] }],
    ['scalars of every kind', { s: 'x "q" \u00e9', n: -1.5e-7, t: true, f: false, z: null }],
    ['keys that need escaping', { 'a/b': 1, 'm~n': 2, 'new\nline': 3 }],
    ['a bare array', [1, [2, { x: 3 }]]],
    ['a scalar', 'just a string'],
  ])('writes %s exactly as JSON.stringify(value, null, 2)', (_name, value) => {
    // Act
    const lines = prettyLines(value);

    // Assess
    expect(lines.map((line) => line.text).join('\n')).toBe(JSON.stringify(value, null, 2));
  });

  it('gives every line the JSON pointer of its value, container lines opening and closing', () => {
    // Act
    const lines = prettyLines({ totals: { gross: 650 }, lines: [{ quantity: 10 }], 'a/b': 1 });

    // Assess
    expect(lines.map(({ pointer, closing }) => [pointer, closing])).toEqual([
      ['', false],
      ['/totals', false],
      ['/totals/gross', false],
      ['/totals', true],
      ['/lines', false],
      ['/lines/0', false],
      ['/lines/0/quantity', false],
      ['/lines/0', true],
      ['/lines', true],
      ['/a~1b', false],
      ['', true],
    ]);
  });
});

describe('annotateLines', () => {
  const invoice = loadFixture('invalid-totals');

  it('puts a reason on the line of its field', () => {
    // Act
    const lines = annotateLines(prettyLines(invoice), [reasonAt('/totals/gross'), reasonAt('/lines/0/quantity', 'OUT_OF_RANGE')]);

    // Assess
    const flagged = lines.filter((line) => line.reasons.length > 0);
    expect(flagged.map((line) => [line.text.trim(), line.reasons.map((reason) => reason.code)])).toEqual([
      ['"quantity": 10,', ['OUT_OF_RANGE']],
      ['"gross": 650', ['TOTALS_MISMATCH']],
    ]);
  });

  it.each([
    ['a missing field, on its parent', '/customer/email', '"customer": {'],
    ['a missing top-level field, on the first line', '/dueDate', '{'],
    ['a missing line, on the nearest line that exists', '/lines/3/quantity', '"lines": ['],
    ['the whole message (""), on the first line', '', '{'],
  ])('puts %s', (_name, path, expectedLine) => {
    // Act
    const lines = annotateLines(prettyLines(invoice), [reasonAt(path, 'MISSING_FIELD')]);

    // Assess
    const flagged = lines.filter((line) => line.reasons.length > 0);
    expect(flagged.map((line) => line.text.trim())).toEqual([expectedLine]);
    expect(flagged[0]?.closing).toBe(false);
  });

  it('keeps several reasons of one field together, in order', () => {
    // Act
    const lines = annotateLines(prettyLines(invoice), [reasonAt('/totals/gross', 'A'), reasonAt('/totals/gross', 'B')]);

    // Assess
    expect(lines.find((line) => line.pointer === '/totals/gross')?.reasons.map((reason) => reason.code)).toEqual(['A', 'B']);
  });
});

describe('parentPointer', () => {
  it.each([
    ['/lines/0/quantity', '/lines/0'],
    ['/totals', ''],
    ['', undefined],
  ])('of %j is %j', (pointer, parent) => {
    expect(parentPointer(pointer)).toBe(parent);
  });
});
