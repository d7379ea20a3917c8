/**
 * Exact decimal arithmetic for money. A JSON number arrives as a binary float; its
 * shortest round-trip text (String(n)) is the decimal the sender wrote, so we read that
 * text into an integer of units and a scale and never add or multiply binary floats.
 * 0.1 + 0.2 is 0.30000000000000004 as floats; here it is exactly 0.3.
 */

/** The value `units / 10^scale`, exactly; `scale` is never negative. */
export interface Decimal {
  readonly units: bigint;
  readonly scale: number;
}

/** Cents in one unit of currency. */
const CENTS_SCALE = 2;

/** JavaScript's shortest round-trip form: "-12.5", "1e-7", "1.5e+21". */
const NUMBER_TEXT = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/;

/**
 * Reads a finite number as the exact decimal it was written as.
 * Throws a RangeError for NaN and ±Infinity, which have no decimal value.
 *
 * @example
 * decimalFromNumber(120.5) // { units: 1205n, scale: 1 }
 * decimalFromNumber(1e-7)  // { units: 1n, scale: 7 }
 * decimalFromNumber(1e21)  // { units: 1000000000000000000000n, scale: 0 }
 */
export function decimalFromNumber(value: number): Decimal {
  const match = NUMBER_TEXT.exec(String(value));
  if (!match) throw new RangeError(`${value} has no exact decimal value`);
  const [, sign = '', whole = '', fraction = '', exponent = '0'] = match;
  const scale = fraction.length - Number(exponent);
  const digits = BigInt(sign + whole + fraction);
  return scale >= 0 ? { units: digits, scale } : { units: digits * 10n ** BigInt(-scale), scale: 0 };
}

/**
 * How many decimal places a number has as written (its shortest round-trip text).
 * Works on the text alone, without BigInt, because every amount of every invoice goes through it.
 *
 * @example
 * decimalPlaces(130.31) // 2
 * decimalPlaces(1e-7)   // 7
 * decimalPlaces(1e21)   // 0
 */
export function decimalPlaces(value: number): number {
  const text = String(value);
  const exponentAt = text.indexOf('e');
  const mantissa = exponentAt < 0 ? text : text.slice(0, exponentAt);
  const dotAt = mantissa.indexOf('.');
  const places = dotAt < 0 ? 0 : mantissa.length - dotAt - 1;
  return exponentAt < 0 ? places : Math.max(0, places - Number(text.slice(exponentAt + 1)));
}

/**
 * The exact product of two decimals.
 *
 * @example
 * multiply(decimalFromNumber(3), decimalFromNumber(0.335)) // { units: 1005n, scale: 3 } (1.005)
 */
export function multiply(a: Decimal, b: Decimal): Decimal {
  return { units: a.units * b.units, scale: a.scale + b.scale };
}

/**
 * Rounds to whole cents, half away from zero (round2 of the contract).
 *
 * @example
 * roundToCents(decimalFromNumber(1.005))  // 101n
 * roundToCents(decimalFromNumber(-1.005)) // -101n
 * roundToCents(decimalFromNumber(25.305)) // 2531n
 */
export function roundToCents(value: Decimal): bigint {
  if (value.scale <= CENTS_SCALE) return value.units * 10n ** BigInt(CENTS_SCALE - value.scale);
  const divisor = 10n ** BigInt(value.scale - CENTS_SCALE);
  const quotient = value.units / divisor; // BigInt division truncates toward zero
  const remainder = value.units % divisor; // and the remainder keeps the dividend's sign
  const twiceRest = 2n * (remainder < 0n ? -remainder : remainder);
  if (twiceRest < divisor) return quotient;
  return value.units < 0n ? quotient - 1n : quotient + 1n;
}

/**
 * A number in cents, rounded half away from zero; exact when it has at most 2 decimals.
 *
 * @example
 * toCents(750.81) // 75081n
 * toCents(0.1 + 0.2) // 30n (the float 0.30000000000000004 rounds to 30 cents)
 */
export function toCents(value: number): bigint {
  return roundToCents(decimalFromNumber(value));
}

/**
 * Cents as a decimal, so they can be multiplied exactly (line net x tax rate).
 *
 * @example
 * centsToDecimal(12050n) // { units: 12050n, scale: 2 } (120.50)
 */
export function centsToDecimal(cents: bigint): Decimal {
  return { units: cents, scale: CENTS_SCALE };
}

/**
 * Writes cents as an amount with two decimals and no grouping.
 *
 * @example
 * formatCents(75081n) // '750.81'
 * formatCents(-5n)    // '-0.05'
 */
export function formatCents(cents: bigint): string {
  const magnitude = cents < 0n ? -cents : cents;
  const fraction = String(magnitude % 100n).padStart(CENTS_SCALE, '0');
  return `${cents < 0n ? '-' : ''}${magnitude / 100n}.${fraction}`;
}
