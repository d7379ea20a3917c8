/**
 * Why a message was rejected (invoice contract, "Rejection reasons"): every code, the
 * category it belongs to, and the `{ category, code, path, message }` shape every
 * rejection carries. The table below is the only place a code meets its category.
 */

/** Categories from most to least severe: the first one present is a message's primary category. */
export const REASON_CATEGORIES = ['PROCESSING', 'STRUCTURE', 'DATA', 'RANGE'] as const;

export type ReasonCategory = (typeof REASON_CATEGORIES)[number];

/** Every code of the contract and its category. */
export const REASON_CATEGORY_OF = {
  INVALID_ENCODING: 'STRUCTURE',
  INVALID_JSON: 'STRUCTURE',
  NOT_AN_OBJECT: 'STRUCTURE',
  MISSING_FIELD: 'STRUCTURE',
  WRONG_TYPE: 'STRUCTURE',
  PAYLOAD_TOO_LARGE: 'STRUCTURE',
  INVALID_FORMAT: 'DATA',
  INVALID_DATE: 'DATA',
  DUE_BEFORE_ISSUE: 'DATA',
  ISSUED_IN_FUTURE: 'DATA',
  UNKNOWN_CURRENCY: 'DATA',
  TOTALS_MISMATCH: 'DATA',
  DUPLICATE_CONFLICT: 'DATA',
  OUT_OF_RANGE: 'RANGE',
  TOO_MANY_ITEMS: 'RANGE',
  PROCESSING_FAILED: 'PROCESSING',
} as const satisfies Record<string, ReasonCategory>;

export type ReasonCode = keyof typeof REASON_CATEGORY_OF;

/** Every code, in the contract's order (for enums, e.g. `z.enum(REASON_CODES)`). */
export const REASON_CODES = Object.keys(REASON_CATEGORY_OF) as [ReasonCode, ...ReasonCode[]];

export interface Reason {
  category: ReasonCategory;
  code: ReasonCode;
  /** JSON pointer into the document: "" is the whole message, "/lines/0/quantity" one field. */
  path: string;
  /** A sentence a person can act on: the field, what is wrong, what is expected. */
  message: string;
}

/**
 * Builds a reason, taking its category from the code.
 *
 * @example
 * reason('TOTALS_MISMATCH', '/totals/gross', 'totals.gross is 650.00 but the lines add up to 605.00; correct it to 605.00.')
 * // { category: 'DATA', code: 'TOTALS_MISMATCH', path: '/totals/gross', message: '...' }
 */
export function reason(code: ReasonCode, path: string, message: string): Reason {
  return { category: REASON_CATEGORY_OF[code], code, path, message };
}

/**
 * Tells whether a string is one of the contract's codes (for codes read back from elsewhere).
 *
 * @example
 * isReasonCode('OUT_OF_RANGE') // true
 * isReasonCode('TOO_BIG') // false
 */
export function isReasonCode(value: unknown): value is ReasonCode {
  return typeof value === 'string' && Object.hasOwn(REASON_CATEGORY_OF, value);
}

/**
 * The most severe category among the reasons: PROCESSING > STRUCTURE > DATA > RANGE.
 * An empty list gives PROCESSING: a rejection without a reason is our bug, not the sender's.
 *
 * @example
 * primaryCategory([reason('OUT_OF_RANGE', '/lines/0/quantity', '...'), reason('MISSING_FIELD', '/customer', '...')]) // 'STRUCTURE'
 */
export function primaryCategory(reasons: readonly Reason[]): ReasonCategory {
  const present = new Set(reasons.map((item) => item.category));
  return REASON_CATEGORIES.find((category) => present.has(category)) ?? 'PROCESSING';
}

/**
 * The distinct codes of the reasons, in the order they first appear.
 *
 * @example
 * codesOf([reason('WRONG_TYPE', '/lines', '...'), reason('MISSING_FIELD', '/customer', '...'), reason('WRONG_TYPE', '/issuer', '...')])
 * // ['WRONG_TYPE', 'MISSING_FIELD']
 */
export function codesOf(reasons: readonly Reason[]): ReasonCode[] {
  return [...new Set(reasons.map((item) => item.code))];
}
