/**
 * MessageLog on the DynamoDB table InvoiceMessages (key messageId): ACCEPTED when published,
 * then the validator's outcome. Outcomes carry everything the ACCEPTED entry had, so they
 * are written whole, in batches.
 *
 * What a valid invoice costs here is kept to its one ACCEPTED write (docs/write-costs.md):
 * - A STORED outcome is not written when the message's ACCEPTED entry already names the
 *   invoice: the stored invoice names its message, so readers find STORED there
 *   (lib/use-cases/message-outcome.ts). A message with no such entry (one produced straight
 *   to the topic, or whose ACCEPTED write failed) gets its STORED row. Finding out costs one
 *   eventually consistent read of a few attributes per 100 outcomes.
 * - A message that is its own correlation (`correlationId` equal to its id) is written
 *   without `correlationId`, so it has no entry in the `byCorrelationId` index, which is
 *   sparse; reading it puts the id back, and a lookup by correlation id also reads the
 *   message of that id.
 *
 * Two keys-only indexes serve the message explorer: by correlation id, and by invoice
 * (`invoiceKey`, issuer tax id and number, set on the DUPLICATE and INVALID outcomes whose
 * identity the validator read).
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
          Item: withoutOwnCorrelation({ ...message, status: 'ACCEPTED' }),
          // The validator may have been faster: its outcome must stay.
          ConditionExpression: 'attribute_not_exists(messageId)',
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw storeFailure(`could not record message ${message.messageId}`, error);
    }
  }

  async recordOutcomes(outcomes: MessageOutcome[]): Promise<FailedItems> {
    const namedAlready = await this.acceptedNamingTheirInvoice(outcomes.filter((outcome) => outcome.status === 'STORED' && outcome.invoice));
    const positions = outcomes.flatMap((outcome, position) => (namedAlready.has(outcome.messageId) ? [] : [position]));
    const failed = await batchPut(
      this.client,
      this.tableName,
      ['messageId'],
      // A stored invoice names its message itself (Invoices.messageId): only the other outcomes need the index.
      positions.map((position) => {
        const outcome = outcomes[position] as MessageOutcome;
        return withoutOwnCorrelation({ ...outcome, ...(outcome.invoice && outcome.status !== 'STORED' ? { invoiceKey: invoiceKeyOf(outcome.invoice) } : {}) });
      }),
    );
    return new Map([...failed].map(([index, error]) => [positions[index] as number, error]));
  }

  /**
   * The ids of these STORED outcomes whose message is logged ACCEPTED with the same invoice.
   * When the read fails the rows are all written: that costs units, never an outcome.
   */
  private async acceptedNamingTheirInvoice(stored: MessageOutcome[]): Promise<Set<string>> {
    if (stored.length === 0) return new Set();
    const items = await batchGet(
      this.client,
      this.tableName,
      stored.map(({ messageId }) => ({ messageId })),
      'the accepted messages',
      { attributes: ['messageId', 'status', 'invoice'] },
    ).catch((): Record<string, unknown>[] => []);
    const invoiceOf = new Map(stored.map((outcome) => [outcome.messageId, outcome.invoice]));
    return new Set(
      items
        .filter((item) => {
          const logged = item.invoice as InvoiceIdentity | undefined;
          const expected = invoiceOf.get(String(item.messageId));
          return item.status === 'ACCEPTED' && logged && expected && logged.issuerTaxId === expected.issuerTaxId && logged.invoiceNumber === expected.invoiceNumber;
        })
        .map((item) => String(item.messageId)),
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

  async findByCorrelationId(correlationId: string, limit: number): Promise<string[]> {
    // The message that is its own correlation is not in the sparse index: read it by id.
    const [own, others] = await Promise.all([this.get(correlationId), this.idsBy(BY_CORRELATION, 'correlationId', correlationId, limit)]);
    return [...new Set([...(own?.correlationId === correlationId ? [own.messageId] : []), ...others])].slice(0, limit);
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
    const parsed = parseItem(messageEntryItemSchema, entry, this.tableName);
    return parsed.correlationId === undefined ? { ...parsed, correlationId: parsed.messageId } : parsed;
  }
}

/** The item without `correlationId` when it is the message's own id: no entry in the sparse byCorrelationId index. */
function withoutOwnCorrelation<T extends { messageId: string; correlationId?: string }>(item: T): Omit<T, 'correlationId'> | T {
  if (item.correlationId !== item.messageId) return item;
  const { correlationId: _own, ...rest } = item;
  return rest;
}
