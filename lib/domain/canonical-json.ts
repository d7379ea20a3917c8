/**
 * Canonical JSON: object keys sorted (by UTF-16 code units, as Array.prototype.sort does),
 * no white space, arrays in their order. Two documents with the same content give the same
 * text whatever their key order or spacing, which tells a duplicate from a conflict.
 */

/**
 * Writes JSON data (what JSON.parse returns) canonically. Otherwise as JSON.stringify:
 * members whose value is undefined, a function or a symbol are left out, such array items
 * and non-finite numbers become null. Recursive: documents from decodeInvoicePayload nest
 * at most MAX_JSON_DEPTH levels.
 *
 * @example
 * canonicalJson({ b: 1, a: [true, { d: null, c: 'x' }] }) // '{"a":[true,{"c":"x","d":null}],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item: unknown) => canonicalJson(item)).join(',')}]`;
  if (isRecord(value)) {
    const members = Object.keys(value)
      .sort()
      .filter((key) => isWritten(value[key]))
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`);
    return `{${members.join(',')}}`;
  }
  return isWritten(value) ? JSON.stringify(value) : 'null';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isWritten(value: unknown): boolean {
  return value !== undefined && typeof value !== 'function' && typeof value !== 'symbol';
}
