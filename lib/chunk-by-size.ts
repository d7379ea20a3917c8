/**
 * Splits items, in order, into groups under a byte budget (and an optional count), for
 * requests with a size limit: Kafka produce requests, SQS batches. An item larger than
 * the budget gets a group of its own rather than being dropped.
 *
 * @example
 * chunkBySize(['aa', 'bb', 'cc'], (item) => item.length, { maxBytes: 4 }) // [['aa', 'bb'], ['cc']]
 */
export function chunkBySize<T>(items: T[], sizeOf: (item: T) => number, limits: { maxBytes: number; maxCount?: number }): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = sizeOf(item);
    const full = current.length === (limits.maxCount ?? Number.POSITIVE_INFINITY) || bytes + size > limits.maxBytes;
    if (current.length > 0 && full) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
