/**
 * What DynamoDB bills for a write, by AWS's published formulas, from the item itself: the
 * figures DynamoDB Local does not give as AWS would (for a transaction it reports 8 units for
 * one 2-unit put, and next to nothing for 100 puts at once; AWS bills twice the items' units). Sources: DynamoDB Developer Guide, "Item sizes and formats" (the size of
 * an item) and "Read/write capacity mode" (1 write unit per 1 KB, rounded up; transactional
 * writes 2 units per 1 KB; a global secondary index write costs its projected item's units).
 */

/**
 * The size of an item as DynamoDB counts it: each attribute's name in UTF-8 bytes plus its
 * value (strings in UTF-8 bytes, numbers about one byte per two significant digits plus one,
 * booleans and null one byte, lists and maps 3 bytes plus their elements, and a map's names).
 *
 * @example
 * itemSizeBytes({ id: 'abc', n: 12345 }) // 2 + 3 + 1 + 4 = 10
 */
export function itemSizeBytes(item: Record<string, unknown>): number {
  let bytes = 0;
  for (const [name, value] of Object.entries(item)) if (value !== undefined) bytes += Buffer.byteLength(name) + valueSize(value);
  return bytes;
}

function valueSize(value: unknown): number {
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (typeof value === 'number') return numberSize(value);
  if (typeof value === 'boolean' || value === null) return 1;
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return value.byteLength;
  if (Array.isArray(value)) return 3 + value.reduce((sum: number, element) => sum + valueSize(element) + 1, 0);
  if (typeof value === 'object') return 3 + itemSizeBytes(value as Record<string, unknown>) + Object.keys(value).length;
  return 0;
}

/** About one byte per two significant digits, plus one (AWS: "up to 38 digits ... 1 byte per two digits, plus 1 byte"). */
function numberSize(value: number): number {
  const digits = String(Math.abs(value)).replace('.', '').replace(/^0+/, '').replace(/e.*$/, '').length || 1;
  return Math.ceil(digits / 2) + 1;
}

/** Write units of one write of the item: ceil(size / 1 KB), doubled inside a transaction. */
export function writeUnits(item: Record<string, unknown>, options: { transactional?: boolean } = {}): number {
  return Math.max(1, Math.ceil(itemSizeBytes(item) / 1024)) * (options.transactional ? 2 : 1);
}
