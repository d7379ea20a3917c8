/**
 * Quarantine on two DynamoDB tables: InvalidInvoices holds each entry whole (key messageId);
 * InvalidInvoiceIndex holds its list rows and the counters (quarantine-index.ts, and
 * docs/quarantine-model.md for the design and its cost). An entry, its rows and its counters
 * change in one transaction, so the lists and the counts never drift from the entries. Status
 * changes are conditional on PENDING, so two admins acting at once cannot both succeed.
 */
import {
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type {
  ChangeAttempt,
  Quarantine,
  QuarantineAttempt,
  QuarantineCounts,
  QuarantineEntry,
  QuarantineFilter,
  QuarantineHistoryEntry,
  QuarantineListItem,
  QuarantinePage,
  QuarantineStatus,
  StatusChange,
} from '../../ports/quarantine';
import { BadRequestError } from '../../errors';
import { INFRASTRUCTURE } from '../../infrastructure';
import { batchGet } from './batch-get';
import { isConditionFailure, storeFailure } from './store-errors';
import { parseItem, quarantineEntryItemSchema, quarantineListRowSchema } from './item-schemas';
import {
  QUARANTINE_STATUSES,
  counterFieldsOf,
  counterKey,
  counterUpdate,
  dimensionFor,
  listKey,
  listRowsOf,
  shardOf,
} from './quarantine-index';

/** Entries written by this version carry it; the backfill (cli/migrate) indexes those without. */
export const INDEX_VERSION = 1;

export interface QuarantineTables {
  /** InvalidInvoices: the entries. */
  entries: string;
  /** InvalidInvoiceIndex: list rows and counters. */
  index: string;
  /** How many partitions each list and the counters are spread over (resources.json quarantine.shards). */
  shards: number;
}

/** The tables and shards of lib/resources.json, as every deployed function uses them. */
export function quarantineTables(): QuarantineTables {
  return { entries: INFRASTRUCTURE.tables.invalidInvoices.TableName, index: INFRASTRUCTURE.tables.invalidInvoiceIndex.TableName, shards: INFRASTRUCTURE.quarantine.shards };
}

type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

export class DynamoDbQuarantine implements Quarantine {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tables: QuarantineTables,
  ) {}

  async addIfAbsent(entry: QuarantineEntry): Promise<QuarantineAttempt> {
    try {
      await this.transact([
        { Put: { TableName: this.tables.entries, Item: { ...entry, indexVersion: INDEX_VERSION }, ConditionExpression: 'attribute_not_exists(messageId)' } },
        ...this.rowPuts(entry),
        this.counterChange(entry, entry.status, 1),
      ]);
      return { added: true };
    } catch (error) {
      if (!isFirstConditionFailure(error)) throw storeFailure(`could not quarantine message ${entry.messageId}`, error);
    }
    const existing = await this.get(entry.messageId);
    if (!existing) throw storeFailure(`quarantine entry ${entry.messageId} exists but could not be read`, undefined);
    return { added: false, existing };
  }

  async markNotified(messageIds: string[]): Promise<void> {
    await Promise.all(
      messageIds.map((messageId) =>
        this.update(messageId, 'SET notified = :true', { ':true': true }).catch((error: unknown) => {
          throw storeFailure('could not mark quarantine entries as notified', error);
        }),
      ),
    );
  }

  async get(messageId: string): Promise<QuarantineEntry | undefined> {
    return (await this.read(messageId))?.entry;
  }

  async list(filter: QuarantineFilter, page: { limit: number; cursor?: string }): Promise<QuarantinePage> {
    const { dimension, residual } = dimensionFor(filter);
    const before = page.cursor ? decodeCursor(page.cursor) : undefined;
    const statuses = filter.status ? [filter.status] : QUARANTINE_STATUSES;
    const keys = statuses.flatMap((status) => this.shardNumbers().map((shard) => listKey(status, dimension, shard)));
    // Each list key is newest first; the page is the newest `limit` of all of them. One more
    // than the page tells whether a next page exists.
    const perKey = await Promise.all(keys.map((key) => this.readList(key, filter, residual, before, page.limit + 1)));
    const merged = perKey.flat().sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
    const rows = merged.slice(0, page.limit);
    const items = rows.map(({ list: _list, at: _at, ...item }) => item);
    const last = rows.at(-1);
    return merged.length > page.limit && last ? { items, nextCursor: encodeCursor(last.at) } : { items };
  }

  async counts(filter: Pick<QuarantineFilter, 'status'>): Promise<QuarantineCounts> {
    const statuses = filter.status ? [filter.status] : QUARANTINE_STATUSES;
    const keys = statuses.flatMap((status) => this.shardNumbers().map((shard) => counterKey(status, shard)));
    const counts: QuarantineCounts = { total: 0, byStatus: {}, byCategory: {}, byCode: {} };
    for (const item of await batchGet(this.client, this.tables.index, keys, 'the quarantine counters')) {
      const status = String(item.list).split('#')[1] ?? '';
      for (const [field, value] of Object.entries(item)) {
        if (typeof value !== 'number') continue;
        if (field === 'total') {
          counts.total += value;
          add(counts.byStatus, status, value);
        } else if (field.startsWith('category_')) add(counts.byCategory, field.slice('category_'.length), value);
        else if (field.startsWith('code_')) add(counts.byCode, field.slice('code_'.length), value);
      }
    }
    // A status whose entries all moved on counts 0: leave it out, as the list would.
    for (const tally of [counts.byStatus, counts.byCategory, counts.byCode]) for (const [key, value] of Object.entries(tally)) if (value === 0) delete tally[key];
    return counts;
  }

  async changeIfPending(messageId: string, change: StatusChange): Promise<ChangeAttempt> {
    const current = await this.readIndexed(messageId);
    if (!current) return 'missing';
    if (current.status !== 'PENDING') return 'not-pending';
    const changed: QuarantineEntry = { ...current, status: change.status, ...(change.resentAs ? { resentAs: change.resentAs } : {}) };
    try {
      await this.transact([
        {
          Update: {
            TableName: this.tables.entries,
            Key: { messageId },
            UpdateExpression: `SET #status = :status, history = list_append(history, :event)${change.resentAs ? ', resentAs = :resentAs' : ''}`,
            ConditionExpression: 'attribute_exists(messageId) AND #status = :pending',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':status': change.status, ':event': [change.event], ':pending': 'PENDING', ...(change.resentAs ? { ':resentAs': change.resentAs } : {}) },
          },
        },
        ...this.move(current, changed),
      ]);
      return 'changed';
    } catch (error) {
      if (!isFirstConditionFailure(error)) throw storeFailure(`could not change quarantine entry ${messageId}`, error);
    }
    return (await this.get(messageId)) ? 'not-pending' : 'missing';
  }

  async revertResend(messageId: string, resentAs: string, event: QuarantineHistoryEntry): Promise<void> {
    const current = await this.readIndexed(messageId);
    if (current?.status !== 'RESENT' || current.resentAs !== resentAs) return;
    const { resentAs: _resentAs, ...pending } = current;
    try {
      await this.transact([
        {
          Update: {
            TableName: this.tables.entries,
            Key: { messageId },
            UpdateExpression: 'SET #status = :pending, history = list_append(history, :event) REMOVE resentAs',
            ConditionExpression: '#status = :resent AND resentAs = :resentAs',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':pending': 'PENDING', ':event': [event], ':resentAs': resentAs, ':resent': 'RESENT' },
          },
        },
        ...this.move(current, { ...pending, status: 'PENDING' }),
      ]);
    } catch (error) {
      if (!isFirstConditionFailure(error)) throw storeFailure(`could not revert the resend of ${messageId}`, error);
    }
  }

  async appendHistory(messageId: string, event: QuarantineHistoryEntry): Promise<void> {
    try {
      await this.update(messageId, 'SET history = list_append(history, :event)', { ':event': [event] }, 'attribute_exists(messageId)');
    } catch (error) {
      if (!isConditionFailure(error)) throw storeFailure(`could not add to the history of ${messageId}`, error);
    }
  }

  /**
   * Writes the rows and counters of an entry quarantined before the index existed, once: the
   * entry is marked in the same transaction, so running it again (the backfill resumed, or two
   * of them at once) changes nothing. Resolves false when there was nothing to do.
   */
  async indexExisting(item: Record<string, unknown>): Promise<boolean> {
    if (item.indexVersion === INDEX_VERSION) return false;
    const entry = parseEntry(item);
    try {
      await this.transact([
        {
          Update: {
            TableName: this.tables.entries,
            Key: { messageId: entry.messageId },
            UpdateExpression: 'SET indexVersion = :version REMOVE listPartition',
            ConditionExpression: 'attribute_exists(messageId) AND attribute_not_exists(indexVersion) AND #status = :status',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':version': INDEX_VERSION, ':status': entry.status },
          },
        },
        ...this.rowPuts(entry),
        this.counterChange(entry, entry.status, 1),
      ]);
      return true;
    } catch (error) {
      if (isFirstConditionFailure(error)) return false;
      throw storeFailure(`could not index quarantine entry ${entry.messageId}`, error);
    }
  }

  /** The entry as it is now, indexed first if it predates the index (so a move never takes from counters it never added to). */
  private async readIndexed(messageId: string): Promise<QuarantineEntry | undefined> {
    const found = await this.read(messageId);
    if (!found || found.indexed) return found?.entry;
    await this.indexExisting(found.item);
    return (await this.read(messageId))?.entry;
  }

  private async read(messageId: string): Promise<{ entry: QuarantineEntry; indexed: boolean; item: Record<string, unknown> } | undefined> {
    try {
      const { Item } = await this.client.send(new GetCommand({ TableName: this.tables.entries, Key: { messageId }, ConsistentRead: true }));
      return Item ? { entry: parseEntry(Item), indexed: Item.indexVersion === INDEX_VERSION, item: Item } : undefined;
    } catch (error) {
      throw storeFailure(`could not read quarantine entry ${messageId}`, error);
    }
  }

  /** From one status to another: the old rows go, the new ones come, and the counters follow. */
  private move(from: QuarantineEntry, to: QuarantineEntry): TransactItem[] {
    return [
      ...listRowsOf(from, this.tables.shards).map((row): TransactItem => ({ Delete: { TableName: this.tables.index, Key: { list: row.list, at: row.at } } })),
      ...this.rowPuts(to),
      this.counterChange(from, from.status, -1),
      this.counterChange(to, to.status, 1),
    ];
  }

  private rowPuts(entry: QuarantineEntry): TransactItem[] {
    return listRowsOf(entry, this.tables.shards).map((row): TransactItem => ({ Put: { TableName: this.tables.index, Item: row } }));
  }

  private counterChange(entry: QuarantineEntry, status: QuarantineStatus, delta: 1 | -1): TransactItem {
    return { Update: { TableName: this.tables.index, Key: counterKey(status, shardOf(entry.messageId, this.tables.shards)), ...counterUpdate(counterFieldsOf(entry), delta) } };
  }

  private async transact(items: TransactItem[]): Promise<void> {
    await this.client.send(new TransactWriteCommand({ TransactItems: items }));
  }

  /** Reads one list key newest first until it has `wanted` rows that pass the rest of the filter, or it ends. */
  private async readList(
    key: string,
    filter: QuarantineFilter,
    residual: ReturnType<typeof dimensionFor>['residual'],
    before: string | undefined,
    wanted: number,
  ): Promise<Array<QuarantineListItem & { list: string; at: string }>> {
    const low = filter.from ?? '0000';
    const high = minimum(filter.to ? `${filter.to}#\uffff` : '9999', before);
    const filters: string[] = [];
    const values: Record<string, unknown> = { ':list': key, ':low': low, ':high': high };
    if (residual.includes('client')) {
      filters.push('clientId = :clientId');
      values[':clientId'] = filter.clientId;
    }
    if (residual.includes('category')) {
      filters.push('category = :category');
      values[':category'] = filter.category;
    }
    const rows: Array<QuarantineListItem & { list: string; at: string }> = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const input: QueryCommandInput = {
        TableName: this.tables.index,
        KeyConditionExpression: '#list = :list AND #at BETWEEN :low AND :high',
        ExpressionAttributeNames: { '#list': 'list', '#at': 'at' },
        ExpressionAttributeValues: values,
        ScanIndexForward: false,
        Limit: filters.length > 0 ? Math.max(wanted * 4, 100) : wanted + 1,
        ...(filters.length > 0 ? { FilterExpression: filters.join(' AND ') } : {}),
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      };
      let answer;
      try {
        answer = await this.client.send(new QueryCommand(input));
      } catch (error) {
        throw storeFailure('could not list the quarantine', error);
      }
      for (const item of answer.Items ?? []) {
        // BETWEEN includes its ends; the cursor's own row was on the previous page.
        if (before !== undefined && item.at === before) continue;
        rows.push(parseItem(quarantineListRowSchema, item, this.tables.index));
        if (rows.length === wanted) return rows;
      }
      startKey = answer.LastEvaluatedKey;
    } while (startKey);
    return rows;
  }

  private shardNumbers(): number[] {
    return Array.from({ length: this.tables.shards }, (_unused, shard) => shard);
  }

  private async update(messageId: string, expression: string, values: Record<string, unknown>, condition?: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tables.entries,
        Key: { messageId },
        UpdateExpression: expression,
        ExpressionAttributeValues: values,
        ...(condition ? { ConditionExpression: condition } : {}),
      }),
    );
  }
}

/** The stored item without what only the index needs. */
function parseEntry(item: Record<string, unknown>): QuarantineEntry {
  const { listPartition: _listPartition, indexVersion: _indexVersion, ...entry } = item;
  return parseItem(quarantineEntryItemSchema, entry, 'InvalidInvoices');
}

/** True when the transaction was cancelled because its first item's condition failed (the entry was not as expected). */
function isFirstConditionFailure(error: unknown): boolean {
  return error instanceof TransactionCanceledException && error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed';
}

function minimum(a: string, b: string | undefined): string {
  return b !== undefined && b < a ? b : a;
}

function add(tally: Record<string, number>, key: string, value: number): void {
  if (key) tally[key] = (tally[key] ?? 0) + value;
}

/** The cursor is the sort key of the last row shown: every list key resumes below it. */
function encodeCursor(at: string): string {
  return Buffer.from(JSON.stringify({ before: at })).toString('base64url');
}

function decodeCursor(cursor: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { before?: unknown };
    if (typeof parsed.before === 'string' && parsed.before.length > 0) return parsed.before;
  } catch {
    // Fall through to the error below.
  }
  throw new BadRequestError('The cursor is not one this API gave out; start again without it.');
}
