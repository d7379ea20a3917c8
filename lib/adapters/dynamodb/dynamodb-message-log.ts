/**
 * MessageLog on the DynamoDB table InvoiceMessages (key messageId): ACCEPTED when published,
 * then the validator's outcome. Outcomes carry everything the ACCEPTED entry had, so they
 * are written whole, in batches.
 */
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { FailedItems } from '../../ports/failed-items';
import type { AcceptedMessage, MessageEntry, MessageLog, MessageOutcome } from '../../ports/message-log';
import { batchPut } from './batch-write';
import { isConditionFailure, storeFailure } from './store-errors';
import { parseItem, messageEntryItemSchema } from './item-schemas';

export class DynamoDbMessageLog implements MessageLog {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async recordAccepted(message: AcceptedMessage): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...message, status: 'ACCEPTED' },
          // The validator may have been faster: its outcome must stay.
          ConditionExpression: 'attribute_not_exists(messageId)',
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw storeFailure(`could not record message ${message.messageId}`, error);
    }
  }

  async recordOutcomes(outcomes: MessageOutcome[]): Promise<FailedItems> {
    return batchPut(this.client, this.tableName, ['messageId'], outcomes.map((outcome) => ({ ...outcome })));
  }

  async get(messageId: string): Promise<MessageEntry | undefined> {
    try {
      const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { messageId } }));
      return Item ? parseItem(messageEntryItemSchema, Item, this.tableName) : undefined;
    } catch (error) {
      throw storeFailure(`could not read message ${messageId}`, error);
    }
  }
}
