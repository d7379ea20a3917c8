/**
 * How a reason names a field: a JSON pointer for machines ("/lines/0/quantity") and a
 * label for people ("lines[0].quantity"), plus a short quote of the value found there.
 */

export type FieldPath = readonly PropertyKey[];

/** Longest quoted string; longer values are cut so that a message stays readable. */
const QUOTE_LIMIT = 40;

/**
 * The RFC 6901 JSON pointer of a path ("" for the whole document).
 *
 * @example
 * jsonPointer(['lines', 0, 'quantity']) // '/lines/0/quantity'
 * jsonPointer(['a/b', 'm~n'])           // '/a~1b/m~0n'
 */
export function jsonPointer(path: FieldPath): string {
  return path.map((key) => `/${String(key).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

/**
 * The label people read for a path: dots between fields, brackets around indexes.
 *
 * @example
 * fieldLabel(['lines', 0, 'quantity']) // 'lines[0].quantity'
 * fieldLabel([])                       // 'the invoice'
 */
export function fieldLabel(path: FieldPath): string {
  if (path.length === 0) return 'the invoice';
  return path.map((key, index) => (typeof key === 'number' ? `[${key}]` : `${index === 0 ? '' : '.'}${String(key)}`)).join('');
}

/**
 * A short description of a JSON value for a message: strings quoted and cut to 40
 * characters, numbers as written, containers by kind.
 *
 * @example
 * quoteValue('diez')   // '"diez"'
 * quoteValue(-1)       // '-1'
 * quoteValue([1, 2])   // 'an array of 2 items'
 */
export function quoteValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(cut(value));
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty array' : `an array of ${value.length} item${value.length === 1 ? '' : 's'}`;
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * The JSON type of a value with its article, for "must be a number, but is the string ...".
 *
 * @example
 * jsonTypeOf('diez') // 'the string "diez"'
 * jsonTypeOf({})     // 'an object'
 */
export function jsonTypeOf(value: unknown): string {
  if (typeof value === 'string') return `the string ${quoteValue(value)}`;
  if (typeof value === 'number' || typeof value === 'boolean') return `the ${typeof value} ${quoteValue(value)}`;
  return quoteValue(value);
}

function cut(text: string): string {
  // Whole code points, so an emoji is never cut in half; a bounded slice first, as values may be huge.
  const characters = Array.from(text.slice(0, 2 * QUOTE_LIMIT));
  const isLong = characters.length > QUOTE_LIMIT || text.length > 2 * QUOTE_LIMIT;
  return isLong ? `${characters.slice(0, QUOTE_LIMIT - 1).join('')}…` : text;
}
