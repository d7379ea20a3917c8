/**
 * The rules of single invoice fields (invoice contract, "The document"), as zod
 * refinements. Each rule adds at most one issue per field, with the contract's code in
 * `params.reason` and a message that says what is expected and what was found; the
 * field's label is put in front when the issue becomes a reason.
 */
import { z } from 'zod';
import { daysInMonth, readDateParts } from './calendar-date';
import { isInvoiceCurrency } from './currencies';
import { decimalPlaces } from './decimal';
import { quoteValue } from './field-path';
import { normaliseTaxId } from './invoice-identity';
import { INVOICE_LIMITS } from './invoice-limits';
import type { ReasonCode } from './reasons';

type Refinement<T> = (value: T, ctx: z.core.$RefinementCtx<T>) => void;

/** Letters (ASCII: invoice numbers are keys), digits and -_/. only. */
const INVOICE_NUMBER = new RegExp(`^[A-Za-z0-9\\-_/.]{1,${INVOICE_LIMITS.maxInvoiceNumberChars}}$`);
const CURRENCY_CODE = /^[A-Z]{3}$/;
const TAX_ID = new RegExp(`^[A-Z0-9]{${INVOICE_LIMITS.minTaxIdChars},${INVOICE_LIMITS.maxTaxIdChars}}$`);
/** Local part and domain as zod's own `z.email()` checks them. */
const EMAIL = z.regexes.email;
/** RFC 5321: a path holds at most 254 characters of address. */
const EMAIL_MAX_LENGTH = 254;

/** Adds the issue of a failed rule, carrying the contract's code. */
function flag(ctx: z.core.$RefinementCtx, code: ReasonCode, message: string): void {
  ctx.addIssue({ code: 'custom', message, params: { reason: code } });
}

/**
 * invoiceNumber: 1-64 letters, digits and -_/. once trimmed.
 *
 * @example
 * z.string().superRefine(invoiceNumberRule).safeParse('F 1').success // false
 */
export const invoiceNumberRule: Refinement<string> = (value, ctx) => {
  if (INVOICE_NUMBER.test(value.trim())) return;
  flag(ctx, 'INVALID_FORMAT', `must be 1 to ${INVOICE_LIMITS.maxInvoiceNumberChars} letters, digits or the characters - _ / . (surrounding spaces are ignored), but is ${quoteValue(value)}.`);
};

/**
 * A real calendar date written YYYY-MM-DD: INVALID_FORMAT for another shape, INVALID_DATE
 * for a day that does not exist (2026-02-30).
 *
 * @example
 * z.string().superRefine(calendarDateRule).safeParse('2028-02-29').success // true
 */
export const calendarDateRule: Refinement<string> = (value, ctx) => {
  const date = readDateParts(value);
  if (!date) {
    flag(ctx, 'INVALID_FORMAT', `must be a date written YYYY-MM-DD, such as 2026-11-20, but is ${quoteValue(value)}.`);
    return;
  }
  const days = daysInMonth(date.year, date.month);
  if (days === 0) {
    flag(ctx, 'INVALID_DATE', `is ${quoteValue(value)}, which is not a real date: months go from 01 to 12.`);
  } else if (date.day < 1 || date.day > days) {
    flag(ctx, 'INVALID_DATE', `is ${quoteValue(value)}, which is not a real date: ${value.slice(0, 7)} has ${days} days.`);
  }
};

/**
 * currency: three upper-case letters (INVALID_FORMAT) naming an ISO 4217 currency (UNKNOWN_CURRENCY).
 *
 * @example
 * z.string().superRefine(currencyRule).safeParse('EUR').success // true
 */
export const currencyRule: Refinement<string> = (value, ctx) => {
  if (!CURRENCY_CODE.test(value)) {
    const upper = value.trim().toUpperCase();
    const hint = isInvoiceCurrency(upper) ? ` Write it as "${upper}".` : '';
    flag(ctx, 'INVALID_FORMAT', `must be a three-letter ISO 4217 code in upper case, such as EUR, but is ${quoteValue(value)}.${hint}`);
  } else if (!isInvoiceCurrency(value)) {
    flag(ctx, 'UNKNOWN_CURRENCY', `is ${quoteValue(value)}, which is not an ISO 4217 currency an invoice can be written in; use one such as EUR, USD or GBP.`);
  }
};

/**
 * A tax id: 3-32 letters and digits once spaces and '-' are removed (the identity's normalisation).
 *
 * @example
 * z.string().superRefine(taxIdRule).safeParse('B-1234 5678').success // true
 */
export const taxIdRule: Refinement<string> = (value, ctx) => {
  if (TAX_ID.test(normaliseTaxId(value))) return;
  flag(ctx, 'INVALID_FORMAT', `must have ${INVOICE_LIMITS.minTaxIdChars} to ${INVOICE_LIMITS.maxTaxIdChars} letters and digits (spaces and "-" are ignored), but is ${quoteValue(value)}.`);
};

/**
 * Text of 1 to `max` characters (code points) once trimmed: names and descriptions.
 *
 * @example
 * z.string().superRefine(textRule(200)).safeParse('   ').success // false
 */
export function textRule(max: number): Refinement<string> {
  return (value, ctx) => {
    const trimmed = value.trim();
    // Code points, so that "ñ" or an emoji counts as one; length is an upper bound, so counting is rarely needed.
    const count = trimmed.length <= max ? trimmed.length : Array.from(trimmed).length;
    if (count >= 1 && count <= max) return;
    const found = count === 0 ? 'it is empty' : `it has ${count}`;
    flag(ctx, 'INVALID_FORMAT', `must have 1 to ${max} characters (surrounding spaces are ignored), but ${found}.`);
  };
}

/**
 * customer.email: a syntactically valid e-mail address.
 *
 * @example
 * z.string().superRefine(emailRule).safeParse('ap@cliente.example').success // true
 */
export const emailRule: Refinement<string> = (value, ctx) => {
  if (value.length <= EMAIL_MAX_LENGTH && EMAIL.test(value)) return;
  flag(ctx, 'INVALID_FORMAT', `must be an e-mail address such as ap@example.com, but is ${quoteValue(value)}.`);
};

export interface NumberLimits {
  min: number;
  /** The minimum itself is not allowed (quantity > 0). */
  minExclusive?: boolean;
  max: number;
  /** Most decimal places allowed; any when absent. */
  maxDecimals?: number;
  /** Added to the message, e.g. how to write a percentage. */
  hint?: (value: number) => string;
}

/**
 * A number within limits and with at most so many decimals: one OUT_OF_RANGE issue that
 * states every limit, whichever of them failed.
 *
 * @example
 * z.number().superRefine(numberRule({ min: 0, max: 1e9, maxDecimals: 2 })).safeParse(1.005).success // false
 */
export function numberRule(limits: NumberLimits): Refinement<number> {
  const expected = describeLimits(limits);
  return (value, ctx) => {
    const aboveMin = limits.minExclusive ? value > limits.min : value >= limits.min;
    const fitsDecimals = limits.maxDecimals === undefined || decimalPlaces(value) <= limits.maxDecimals;
    if (aboveMin && value <= limits.max && fitsDecimals) return;
    flag(ctx, 'OUT_OF_RANGE', `must be ${expected}, but is ${value}.${limits.hint?.(value) ?? ''}`);
  };
}

/**
 * An array of `min` to `max` items (TOO_MANY_ITEMS, for too few as well).
 *
 * @example
 * z.array(z.unknown()).superRefine(itemCountRule(1, 1000)).safeParse([]).success // false
 */
export function itemCountRule(min: number, max: number): Refinement<readonly unknown[]> {
  return (value, ctx) => {
    if (value.length >= min && value.length <= max) return;
    const advice = value.length > max ? ' Split it into several invoices.' : '';
    flag(ctx, 'TOO_MANY_ITEMS', `must have ${min} to ${grouped(max)} items, but has ${grouped(value.length)}.${advice}`);
  };
}

function describeLimits(limits: NumberLimits): string {
  const range = limits.minExclusive
    ? `greater than ${grouped(limits.min)} and at most ${grouped(limits.max)}`
    : `between ${grouped(limits.min)} and ${grouped(limits.max)}`;
  if (limits.maxDecimals === undefined) return range;
  return `${range} with at most ${limits.maxDecimals} decimals`;
}

/** 1000000 as "1,000,000", the same in every locale. */
function grouped(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
