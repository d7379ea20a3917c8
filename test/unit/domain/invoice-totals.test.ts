import { computeTotals, lineCents, totalsMismatches, type LineAmounts } from '../../../lib/domain/invoice-totals';

describe('invoice totals', () => {
  it.each<[string, LineAmounts, { net: bigint; tax: bigint }]>([
    ['the sample licence line: tax 25.305 rounds up to 25.31', { quantity: 1, unitPrice: 120.5, taxRate: 0.21 }, { net: 12050n, tax: 2531n }],
    ['3 x 0.335 is exactly 1.005, so 1.01 (floats give 1.00)', { quantity: 3, unitPrice: 0.335, taxRate: 0 }, { net: 101n, tax: 0n }],
    ['a unit price of 1.005 nets 1.01 (floats give 1.00)', { quantity: 1, unitPrice: 1.005, taxRate: 0 }, { net: 101n, tax: 0n }],
    ['tax 10.05 x 0.5 = 5.025 rounds up to 5.03 (floats give 5.02)', { quantity: 1, unitPrice: 10.05, taxRate: 0.5 }, { net: 1005n, tax: 503n }],
    ['tax is computed on the rounded net', { quantity: 3, unitPrice: 0.3333, taxRate: 0.21 }, { net: 100n, tax: 21n }],
    ['fractional quantities', { quantity: 2.5, unitPrice: 19.99, taxRate: 0.1 }, { net: 4998n, tax: 500n }],
    ['the largest line', { quantity: 1_000_000, unitPrice: 1_000_000_000, taxRate: 1 }, { net: 10n ** 17n, tax: 10n ** 17n }],
  ])('computes a line exactly: %s', (_case, line, expected) => {
    // Act
    const cents = lineCents(line);

    // Assess
    expect(cents).toEqual(expected);
  });

  it('adds line nets and taxes in cents, never as floats', () => {
    // Prepare: 0.1 + 0.2 is 0.30000000000000004 as floats
    const lines = [
      { quantity: 1, unitPrice: 0.1, taxRate: 0.21 },
      { quantity: 1, unitPrice: 0.2, taxRate: 0.21 },
    ];

    // Act
    const totals = computeTotals(lines);

    // Assess: taxes 0.021 -> 0.02 and 0.042 -> 0.04
    expect(totals).toEqual({ net: 30n, tax: 6n, gross: 36n });
  });

  it('reports each mismatching total with its own path and the value to write', () => {
    // Prepare
    const lines = [{ quantity: 10, unitPrice: 50, taxRate: 0.21 }];

    // Act
    const reasons = totalsMismatches(lines, { net: 400, tax: 50, gross: 450 });

    // Assess
    expect(reasons).toEqual([
      {
        category: 'DATA',
        code: 'TOTALS_MISMATCH',
        path: '/totals/net',
        message: 'totals.net is 400.00 but the line nets add up to 500.00; correct it to 500.00.',
      },
      {
        category: 'DATA',
        code: 'TOTALS_MISMATCH',
        path: '/totals/tax',
        message: 'totals.tax is 50.00 but the line taxes add up to 105.00; correct it to 105.00.',
      },
      {
        category: 'DATA',
        code: 'TOTALS_MISMATCH',
        path: '/totals/gross',
        message: 'totals.gross is 450.00 but the lines add up to 605.00 (net 500.00 + tax 105.00); correct it to 605.00.',
      },
    ]);
  });

  it.each([
    ['exact', 605, true],
    ['0.01 over', 605.01, true],
    ['0.01 under', 604.99, true],
    ['0.011 over', 605.011, false],
    ['0.02 over', 605.02, false],
    ['0.02 under', 604.98, false],
  ])('allows a total to be at most 0.01 off, inclusive: %s', (_case, gross, accepted) => {
    // Prepare
    const lines = [{ quantity: 10, unitPrice: 50, taxRate: 0.21 }];

    // Act
    const reasons = totalsMismatches(lines, { net: 500, tax: 105, gross });

    // Assess
    expect(reasons.length === 0).toBe(accepted);
  });
});
