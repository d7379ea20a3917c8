/**
 * Quarantine on the DynamoDB table InvalidInvoices (key messageId). Every entry also carries
 * listPartition "ALL" so the byQuarantinedAt index lists them newest first.
 */
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Quarantine, QuarantineAttempt, QuarantineEntry } from '../../ports/quarantine';
import { isConditionFailure, storeUnavailable } from './store-errors';

export const LIST_PARTITION = 'ALL';

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
      if (!isConditionFailure(error)) throw storeUnavailable(`could not quarantine message ${entry.messageId}`, error);
    }
    const existing = await this.get(entry.messageId);
    if (!existing) throw storeUnavailable(`quarantine entry ${entry.messageId} exists but could not be read`, undefined);
    return { added: false, existing };
  }

  async markNotified(messageIds: string[]): Promise<void> {
    try {
      await Promise.all(
        messageIds.map((messageId) =>
          this.client.send(
            new UpdateCommand({
              TableName: this.tableName,
              Key: { messageId },
              UpdateExpression: 'SET notified = :true',
              ExpressionAttributeValues: { ':true': true },
            }),
          ),
        ),
      );
    } catch (error) {
      throw storeUnavailable('could not mark quarantine entries as notified', error);
    }
  }

  async get(messageId: string): Promise<QuarantineEntry | undefined> {
    try {
      const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { messageId }, ConsistentRead: true }));
      if (!Item) return undefined;
      const { listPartition: _listPartition, ...entry } = Item;
      return entry as QuarantineEntry;
    } catch (error) {
      throw storeUnavailable(`could not read quarantine entry ${messageId}`, error);
    }
  }
}
