/**
 * The totals rule of the contract: line net = round2(quantity x unitPrice), line tax =
 * round2(line net x taxRate), round2 rounding half away from zero to cents; totals.net,
 * totals.tax and totals.gross (computed net + computed tax) may differ from the computed
 * values by at most 0.01. Everything is exact decimal arithmetic (./decimal).
 */
import { centsToDecimal, decimalFromNumber, decimalPlaces, formatCents, multiply, roundToCents, toCents, type Decimal } from './decimal';
import { reason, type Reason } from './reasons';

export interface LineAmounts {
  quantity: number;
  unitPrice: number;
  taxRate: number;
}

export interface DeclaredTotals {
  net: number;
  tax: number;
  gross: number;
}

/** Amounts in cents. */
export interface ComputedTotals {
  net: bigint;
  tax: bigint;
  gross: bigint;
}

/** The contract's tolerance, 0.01, inclusive. */
const TOLERANCE: Decimal = { units: 1n, scale: 2 };

/**
 * The net and tax of one line, in cents.
 *
 * @example
 * lineCents({ quantity: 1, unitPrice: 120.5, taxRate: 0.21 }) // { net: 12050n, tax: 2531n }
 */
export function lineCents(line: LineAmounts): { net: bigint; tax: bigint } {
  const net = roundToCents(multiply(decimalFromNumber(line.quantity), decimalFromNumber(line.unitPrice)));
  const tax = roundToCents(multiply(centsToDecimal(net), decimalFromNumber(line.taxRate)));
  return { net, tax };
}

/**
 * The totals the lines add up to, in cents.
 *
 * @example
 * computeTotals([{ quantity: 10, unitPrice: 50, taxRate: 0.21 }]) // { net: 50000n, tax: 10500n, gross: 60500n }
 */
export function computeTotals(lines: readonly LineAmounts[]): ComputedTotals {
  let net = 0n;
  let tax = 0n;
  for (const line of lines) {
    const amounts = lineCents(line);
    net += amounts.net;
    tax += amounts.tax;
  }
  return { net, tax, gross: net + tax };
}

/**
 * One TOTALS_MISMATCH reason per declared total that is more than 0.01 away from what the
 * lines add up to; none when all three agree.
 *
 * @example
 * totalsMismatches([{ quantity: 10, unitPrice: 50, taxRate: 0.21 }], { net: 500, tax: 105, gross: 650 })
 * // [{ code: 'TOTALS_MISMATCH', path: '/totals/gross', message: 'totals.gross is 650.00 but the lines add up to 605.00 (net 500.00 + tax 105.00); correct it to 605.00.', ... }]
 */
export function totalsMismatches(lines: readonly LineAmounts[], declared: DeclaredTotals): Reason[] {
  const computed = computeTotals(lines);
  const reasons: Reason[] = [];
  const net = formatCents(computed.net);
  const tax = formatCents(computed.tax);
  const gross = formatCents(computed.gross);
  if (!withinTolerance(declared.net, computed.net)) {
    reasons.push(mismatch('net', declared.net, `the line nets add up to ${net}; correct it to ${net}.`));
  }
  if (!withinTolerance(declared.tax, computed.tax)) {
    reasons.push(mismatch('tax', declared.tax, `the line taxes add up to ${tax}; correct it to ${tax}.`));
  }
  if (!withinTolerance(declared.gross, computed.gross)) {
    reasons.push(mismatch('gross', declared.gross, `the lines add up to ${gross} (net ${net} + tax ${tax}); correct it to ${gross}.`));
  }
  return reasons;
}

function mismatch(total: keyof DeclaredTotals, declared: number, expectation: string): Reason {
  return reason('TOTALS_MISMATCH', `/totals/${total}`, `totals.${total} is ${formatAmount(declared)} but ${expectation}`);
}

/** |declared - computed| <= 0.01, exactly, whatever the declared value's decimals. */
function withinTolerance(declared: number, computedCents: bigint): boolean {
  const value = decimalFromNumber(declared);
  const scale = Math.max(value.scale, TOLERANCE.scale);
  const difference = rescale(value, scale) - rescale(centsToDecimal(computedCents), scale);
  const tolerance = rescale(TOLERANCE, scale);
  return difference >= -tolerance && difference <= tolerance;
}

function rescale(value: Decimal, scale: number): bigint {
  return value.units * 10n ** BigInt(scale - value.scale);
}

/** Amounts as people write them: 650 as "650.00"; more decimals kept as they came. */
function formatAmount(value: number): string {
  return decimalPlaces(value) <= 2 ? formatCents(toCents(value)) : String(value);
}
