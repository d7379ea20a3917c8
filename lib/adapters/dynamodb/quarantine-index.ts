/**
 * The keys of the quarantine's index table (InvalidInvoiceIndex), pure so they are unit-tested
 * on their own. docs/quarantine-model.md explains the design and what each write costs.
 *
 * - A list row per way of asking: `<status>#all`, `<status>#category#<category>`,
 *   `<status>#client#<clientId>` and `<status>#code#<code>` for each distinct code. The sort key
 *   `<quarantinedAt>#<messageId>` orders it newest first and makes every row unique.
 * - Every list key is spread over `shards` partitions by a hash of the message id, so a burst of
 *   quarantines writes to `shards` keys instead of one; a page reads each shard and merges them.
 * - One counter item per status and shard (`counts#<status>#<shard>`) holds the entries of that
 *   status: `total`, `category_<category>` and `code_<code>`. A status change moves one entry's
 *   figures from one item to another in the same transaction that moves its rows.
 */
import { createHash } from 'node:crypto';
import { listItemOf, type QuarantineEntry, type QuarantineFilter, type QuarantineListItem, type QuarantineStatus } from '../../ports/quarantine';

export const QUARANTINE_STATUSES: readonly QuarantineStatus[] = ['PENDING', 'RESENT', 'DISCARDED'];

/** The one dimension a query reads by key; any second one is checked on the rows it reads. */
export type ListDimension = { kind: 'all' } | { kind: 'code' | 'category' | 'client'; value: string };

/** The shard of a message: stable, evenly spread (the first 4 bytes of its SHA-256). */
export function shardOf(messageId: string, shards: number): number {
  return createHash('sha256').update(messageId).digest().readUInt32BE(0) % shards;
}

export function listKey(status: QuarantineStatus, dimension: ListDimension, shard: number): string {
  return dimension.kind === 'all' ? `${status}#all#${shard}` : `${status}#${dimension.kind}#${dimension.value}#${shard}`;
}

export function sortKeyOf(entry: Pick<QuarantineEntry, 'quarantinedAt' | 'messageId'>): string {
  return `${entry.quarantinedAt}#${entry.messageId}`;
}

/** Every list an entry appears in, for its current status. */
export function dimensionsOf(entry: Pick<QuarantineEntry, 'category' | 'codes' | 'clientId'>): ListDimension[] {
  return [
    { kind: 'all' },
    { kind: 'category', value: entry.category },
    ...(entry.clientId ? [{ kind: 'client', value: entry.clientId } as const] : []),
    ...[...new Set(entry.codes)].map((code) => ({ kind: 'code', value: code }) as const),
  ];
}

/** A list row holds the summary a page shows (listItemOf), so a page is one read per shard. */
export interface ListRow extends QuarantineListItem {
  list: string;
  at: string;
}

/** The rows of an entry in the state it is in, all in the entry's shard. */
export function listRowsOf(entry: QuarantineEntry, shards: number): ListRow[] {
  const shard = shardOf(entry.messageId, shards);
  const item = listItemOf(entry);
  return dimensionsOf(entry).map((dimension) => ({ list: listKey(entry.status, dimension, shard), at: sortKeyOf(entry), ...item }));
}

export function counterKey(status: QuarantineStatus, shard: number): { list: string; at: string } {
  return { list: `counts#${status}#${shard}`, at: '-' };
}

/** The counter attributes one entry adds to (or, with -1, takes from) its status' counter item. */
export function counterFieldsOf(entry: Pick<QuarantineEntry, 'category' | 'codes'>): string[] {
  return ['total', `category_${entry.category}`, ...[...new Set(entry.codes)].map((code) => `code_${code}`)];
}

/**
 * An UpdateItem expression that adds `delta` to each counter field. Attribute names go through
 * placeholders: codes are upper case with underscores, which DynamoDB would take as they are,
 * but the placeholders keep the expression safe whatever a code becomes.
 */
export function counterUpdate(fields: string[], delta: 1 | -1): { UpdateExpression: string; ExpressionAttributeNames: Record<string, string>; ExpressionAttributeValues: Record<string, number> } {
  const names: Record<string, string> = {};
  fields.forEach((field, index) => (names[`#f${index}`] = field));
  return {
    UpdateExpression: `ADD ${fields.map((_field, index) => `#f${index} :delta`).join(', ')}`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: { ':delta': delta },
  };
}

/**
 * The list a filter is served from: a code is the most selective, then a client, then a
 * category. Whatever else the filter names is checked on the rows that list returns.
 */
export function dimensionFor(filter: QuarantineFilter): { dimension: ListDimension; residual: Array<'category' | 'client' | 'code'> } {
  if (filter.code) return { dimension: { kind: 'code', value: filter.code }, residual: [...(filter.clientId ? ['client' as const] : []), ...(filter.category ? ['category' as const] : [])] };
  if (filter.clientId) return { dimension: { kind: 'client', value: filter.clientId }, residual: filter.category ? ['category'] : [] };
  if (filter.category) return { dimension: { kind: 'category', value: filter.category }, residual: [] };
  return { dimension: { kind: 'all' }, residual: [] };
}
