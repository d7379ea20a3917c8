/**
 * Quarantine on the DynamoDB table InvalidInvoices (key messageId). Every entry also carries
 * listPartition "ALL" so the byQuarantinedAt index lists them newest first. Status changes
 * are conditional on PENDING, so two admins acting at once cannot both succeed.
 */
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type {
  ChangeAttempt,
  Quarantine,
  QuarantineAttempt,
  QuarantineCounts,
  QuarantineEntry,
  QuarantineFilter,
  QuarantineHistoryEntry,
  QuarantinePage,
  StatusChange,
} from '../../ports/quarantine';
import { BadRequestError } from '../../errors';
import { isConditionFailure, storeFailure } from './store-errors';
import { parseItem, quarantineEntryItemSchema } from './item-schemas';

export const LIST_PARTITION = 'ALL';
const LIST_INDEX = 'byQuarantinedAt';

export class DynamoDbQuarantine implements Quarantine {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async addIfAbsent(entry: QuarantineEntry): Promise<QuarantineAttempt> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...entry, listPartition: LIST_PARTITION },
          ConditionExpression: 'attribute_not_exists(messageId)',
        }),
      );
      return { added: true };
    } catch (error) {
      if (!isConditionFailure(error)) throw storeFailure(`could not quarantine message ${entry.messageId}`, error);
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
    try {
      const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { messageId }, ConsistentRead: true }));
      return Item ? withoutIndexKey(Item) : undefined;
    } catch (error) {
      throw storeFailure(`could not read quarantine entry ${messageId}`, error);
    }
  }

  async list(filter: QuarantineFilter, page: { limit: number; cursor?: string }): Promise<QuarantinePage> {
    const items: QuarantineEntry[] = [];
    let startKey = page.cursor ? decodeCursor(page.cursor) : undefined;
    // DynamoDB filters after it reads a page, so keep reading until the page is full or the index ends.
    for (;;) {
      const { Items = [], LastEvaluatedKey } = await this.query(filter, startKey, Math.max(page.limit * 2, 25));
      for (const [position, item] of Items.entries()) {
        const entry = withoutIndexKey(item);
        items.push(entry);
        if (items.length === page.limit) {
          const more = position < Items.length - 1 || LastEvaluatedKey !== undefined;
          return more ? { items, nextCursor: encodeCursor(entry) } : { items };
        }
      }
      if (!LastEvaluatedKey) return { items };
      startKey = LastEvaluatedKey;
    }
  }

  async counts(filter: Pick<QuarantineFilter, 'status'>): Promise<QuarantineCounts> {
    const counts: QuarantineCounts = { total: 0, byStatus: {}, byCategory: {}, byCode: {} };
    let startKey: Record<string, unknown> | undefined;
    do {
      const { Items = [], LastEvaluatedKey } = await this.query(filter, startKey, 1000, '#status, category, codes');
      for (const item of Items as Array<Pick<QuarantineEntry, 'status' | 'category' | 'codes'>>) {
        counts.total += 1;
        increment(counts.byStatus, item.status);
        increment(counts.byCategory, item.category);
        for (const code of item.codes ?? []) increment(counts.byCode, code);
      }
      startKey = LastEvaluatedKey;
    } while (startKey);
    return counts;
  }

  async changeIfPending(messageId: string, change: StatusChange): Promise<ChangeAttempt> {
    try {
      await this.update(
        messageId,
        `SET #status = :status, history = list_append(history, :event)${change.resentAs ? ', resentAs = :resentAs' : ''}`,
        { ':status': change.status, ':event': [change.event], ':pending': 'PENDING', ...(change.resentAs ? { ':resentAs': change.resentAs } : {}) },
        'attribute_exists(messageId) AND #status = :pending',
      );
      return 'changed';
    } catch (error) {
      if (!isConditionFailure(error)) throw storeFailure(`could not change quarantine entry ${messageId}`, error);
    }
    return (await this.get(messageId)) ? 'not-pending' : 'missing';
  }

  async revertResend(messageId: string, resentAs: string, event: QuarantineHistoryEntry): Promise<void> {
    try {
      await this.update(
        messageId,
        'SET #status = :pending, history = list_append(history, :event) REMOVE resentAs',
        { ':pending': 'PENDING', ':event': [event], ':resentAs': resentAs, ':resent': 'RESENT' },
        '#status = :resent AND resentAs = :resentAs',
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw storeFailure(`could not revert the resend of ${messageId}`, error);
    }
  }

  async appendHistory(messageId: string, event: QuarantineHistoryEntry): Promise<void> {
    try {
      await this.update(messageId, 'SET history = list_append(history, :event)', { ':event': [event] }, 'attribute_exists(messageId)');
    } catch (error) {
      if (!isConditionFailure(error)) throw storeFailure(`could not add to the history of ${messageId}`, error);
    }
  }

  private async update(messageId: string, expression: string, values: Record<string, unknown>, condition?: string): Promise<void> {
    const usesStatus = expression.includes('#status') || condition?.includes('#status');
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { messageId },
        UpdateExpression: expression,
        ExpressionAttributeValues: values,
        ...(usesStatus ? { ExpressionAttributeNames: { '#status': 'status' } } : {}),
        ...(condition ? { ConditionExpression: condition } : {}),
      }),
    );
  }

  private async query(filter: QuarantineFilter, startKey: Record<string, unknown> | undefined, limit: number, projection?: string) {
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':all': LIST_PARTITION };
    let keyCondition = 'listPartition = :all';
    if (filter.from || filter.to) {
      values[':from'] = filter.from ?? '0000';
      values[':to'] = filter.to ?? '9999';
      keyCondition += ' AND quarantinedAt BETWEEN :from AND :to';
    }
    const filters: string[] = [];
    if (filter.status) {
      filters.push('#status = :status');
      values[':status'] = filter.status;
    }
    if (filter.category) {
      filters.push('category = :category');
      values[':category'] = filter.category;
    }
    if (filter.clientId) {
      filters.push('clientId = :clientId');
      values[':clientId'] = filter.clientId;
    }
    if (filter.code) {
      filters.push('contains(codes, :code)');
      values[':code'] = filter.code;
    }
    if (filters.some((part) => part.includes('#status')) || projection?.includes('#status')) names['#status'] = 'status';
    const input: QueryCommandInput = {
      TableName: this.tableName,
      IndexName: LIST_INDEX,
      KeyConditionExpression: keyCondition,
      ExpressionAttributeValues: values,
      ScanIndexForward: false,
      Limit: limit,
      ...(filters.length > 0 ? { FilterExpression: filters.join(' AND ') } : {}),
      ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
      ...(projection ? { ProjectionExpression: projection } : {}),
      ...(startKey ? { ExclusiveStartKey: startKey } : {}),
    };
    try {
      return await this.client.send(new QueryCommand(input));
    } catch (error) {
      throw storeFailure('could not list the quarantine', error);
    }
  }
}

function withoutIndexKey(item: Record<string, unknown>): QuarantineEntry {
  const { listPartition: _listPartition, ...entry } = item;
  return parseItem(quarantineEntryItemSchema, entry, 'InvalidInvoices');
}

function encodeCursor(item: QuarantineEntry): string {
  return Buffer.from(JSON.stringify({ messageId: item.messageId, listPartition: LIST_PARTITION, quarantinedAt: item.quarantinedAt })).toString('base64url');
}

function decodeCursor(cursor: string): Record<string, unknown> {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (typeof key.messageId === 'string' && typeof key.quarantinedAt === 'string') return { ...key, listPartition: LIST_PARTITION };
  } catch {
    // Fall through to the error below.
  }
  throw new BadRequestError('The cursor is not one this API gave out; start again without it.');
}

function increment(counts: Record<string, number>, key: string | undefined): void {
  if (key) counts[key] = (counts[key] ?? 0) + 1;
}
