/**
 * MessageLog on the DynamoDB table InvoiceMessages (key messageId): ACCEPTED when published,
 * then the validator's outcome. Outcomes carry everything the ACCEPTED entry had, so they
 * are written whole, in batches. Two keys-only indexes serve the message explorer: by
 * correlation id, and by invoice (`invoiceKey`, issuer tax id and number, set on the DUPLICATE
 * and INVALID outcomes whose identity the validator read; the STORED one is named by the
 * stored invoice itself, so a valid invoice pays no index write for it).
 */
import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { InvoiceIdentity } from '../../domain/invoice-identity';
import type { FailedItems } from '../../ports/failed-items';
import type { AcceptedMessage, MessageEntry, MessageLog, MessageLookup, MessageOutcome } from '../../ports/message-log';
import { batchGet } from './batch-get';
import { batchPut } from './batch-write';
import { isConditionFailure, storeFailure } from './store-errors';
import { parseItem, messageEntryItemSchema } from './item-schemas';

const BY_CORRELATION = 'byCorrelationId';
const BY_INVOICE = 'byInvoice';

/** The byInvoice key: the tax id holds no '#' (letters and digits only), so the pair is unambiguous. */
export function invoiceKeyOf(identity: InvoiceIdentity): string {
  return `${identity.issuerTaxId}#${identity.invoiceNumber}`;
}

export class DynamoDbMessageLog implements MessageLog, MessageLookup {
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
    return batchPut(
      this.client,
      this.tableName,
      ['messageId'],
      // A stored invoice names its message itself (Invoices.messageId): only the other outcomes need the index.
      outcomes.map((outcome) => ({ ...outcome, ...(outcome.invoice && outcome.status !== 'STORED' ? { invoiceKey: invoiceKeyOf(outcome.invoice) } : {}) })),
    );
  }

  async get(messageId: string): Promise<MessageEntry | undefined> {
    try {
      const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { messageId } }));
      return Item ? this.parse(Item) : undefined;
    } catch (error) {
      throw storeFailure(`could not read message ${messageId}`, error);
    }
  }

  async getMany(messageIds: string[]): Promise<MessageEntry[]> {
    const keys = [...new Set(messageIds)].map((messageId) => ({ messageId }));
    return (await batchGet(this.client, this.tableName, keys, 'the messages')).map((item) => this.parse(item));
  }

  findByCorrelationId(correlationId: string, limit: number): Promise<string[]> {
    return this.idsBy(BY_CORRELATION, 'correlationId', correlationId, limit);
  }

  findByInvoice(identity: InvoiceIdentity, limit: number): Promise<string[]> {
    return this.idsBy(BY_INVOICE, 'invoiceKey', invoiceKeyOf(identity), limit);
  }

  private async idsBy(indexName: string, attribute: string, value: string, limit: number): Promise<string[]> {
    const ids: string[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      let answer;
      try {
        answer = await this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: indexName,
            KeyConditionExpression: '#key = :value',
            ExpressionAttributeNames: { '#key': attribute },
            ExpressionAttributeValues: { ':value': value },
            Limit: limit - ids.length,
            ...(startKey ? { ExclusiveStartKey: startKey } : {}),
          }),
        );
      } catch (error) {
        throw storeFailure(`could not look messages up by ${attribute}`, error);
      }
      ids.push(...(answer.Items ?? []).map((item) => String(item.messageId)));
      startKey = answer.LastEvaluatedKey;
    } while (startKey && ids.length < limit);
    return ids;
  }

  private parse(item: Record<string, unknown>): MessageEntry {
    const { invoiceKey: _invoiceKey, ...entry } = item;
    return parseItem(messageEntryItemSchema, entry, this.tableName);
  }
}
