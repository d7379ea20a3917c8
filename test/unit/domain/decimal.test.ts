import {
  centsToDecimal,
  decimalFromNumber,
  decimalPlaces,
  formatCents,
  multiply,
  roundToCents,
  toCents,
  type Decimal,
} from '../../../lib/domain/decimal';

describe('exact decimals for money', () => {
  it.each<[number, Decimal]>([
    [0, { units: 0n, scale: 0 }],
    [-0, { units: 0n, scale: 0 }],
    [120.5, { units: 1205n, scale: 1 }],
    [130.31, { units: 13031n, scale: 2 }],
    [-12.345, { units: -12345n, scale: 3 }],
    [1e-7, { units: 1n, scale: 7 }],
    [1.5e-7, { units: 15n, scale: 8 }],
    [1e21, { units: 10n ** 21n, scale: 0 }],
    [1.5e21, { units: 15n * 10n ** 20n, scale: 0 }],
    [0.1 + 0.2, { units: 30000000000000004n, scale: 17 }],
  ])('reads %p as the decimal it is written as', (value, expected) => {
    // Act
    const decimal = decimalFromNumber(value);

    // Assess
    expect(decimal).toEqual(expected);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])('refuses %p, which has no decimal value', (value) => {
    // Act + Assess
    expect(() => decimalFromNumber(value)).toThrow(RangeError);
  });

  it.each([
    [50, 0],
    [130.31, 2],
    [50.1234, 4],
    [1e-7, 7],
    [1.25e-7, 9],
    [1e21, 0],
    [0.1 + 0.2, 17],
  ])('counts the decimals of %p as %p', (value, expected) => {
    // Act + Assess
    expect(decimalPlaces(value)).toBe(expected);
  });

  it.each<[string, number, bigint]>([
    ['whole amount', 7, 700n],
    ['one decimal', 0.5, 50n],
    ['half a cent up', 1.005, 101n],
    ['half a cent away from zero', -1.005, -101n],
    ['just under half a cent', 1.004999, 100n],
    ['0.125 up', 0.125, 13n],
    ['-0.125 away from zero', -0.125, -13n],
    ['25.305 up (a tax the float 25.305 would round down)', 25.305, 2531n],
  ])('rounds to cents half away from zero: %s', (_case, value, expected) => {
    // Act
    const cents = roundToCents(decimalFromNumber(value));

    // Assess
    expect(cents).toBe(expected);
  });

  it('multiplies exactly where binary floats do not (3 x 0.335 = 1.005, not 1.0049999...)', () => {
    // Act
    const product = multiply(decimalFromNumber(3), decimalFromNumber(0.335));

    // Assess
    expect(product).toEqual({ units: 1005n, scale: 3 });
    expect(roundToCents(product)).toBe(101n);
  });

  it('converts amounts to cents and cents back to decimals', () => {
    // Act + Assess
    expect(toCents(750.81)).toBe(75081n);
    expect(toCents(0.1 + 0.2)).toBe(30n);
    expect(centsToDecimal(12050n)).toEqual({ units: 12050n, scale: 2 });
  });

  it.each<[bigint, string]>([
    [75081n, '750.81'],
    [60500n, '605.00'],
    [5n, '0.05'],
    [-5n, '-0.05'],
    [0n, '0.00'],
    [100000000000n, '1000000000.00'],
  ])('formats %p cents as %p', (cents, expected) => {
    // Act + Assess
    expect(formatCents(cents)).toBe(expected);
  });
});
