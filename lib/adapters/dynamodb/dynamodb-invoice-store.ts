/**
 * InvoiceStore on the DynamoDB table Invoices (key issuerTaxId + invoiceNumber). Every write
 * is conditional, so a second version of an invoice never overwrites the first.
 *
 * Two ways to write a batch (docs/write-costs.md has the figures):
 * - `conditional-puts` (the default): each invoice its own conditional PutItem, 25 in flight;
 *   1 write unit per invoice of up to 1 KB on AWS.
 * - `transactions`: up to 100 conditional puts per TransactWriteItems, one round trip, which
 *   AWS bills at twice the units. When one of its conditions fails (an invoice already there)
 *   the chunk is written again one by one, which tells each apart.
 *
 * The fence: a message whose record was settled as PROCESSING_FAILED is added to a fence item
 * at its invoice's key (`fencedMessageIds`, no invoice in it). Every put's condition refuses a
 * fenced message, so a put of its that timed out for the validator and lands late (the
 * store-outage drill's case) fails instead of storing an invoice that is also quarantined.
 * Any other message (an admin's resend is a new message) replaces the fence with its invoice.
 *
 * Either way a write the store fails for comes back as a failure for that invoice, and the
 * others stand.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { chunkBySize } from '../../chunk-by-size';
import type { InvoiceIdentity } from '../../domain/invoice-identity';
import { mapLimited } from '../../map-limited';
import type { FenceAttempt, InvoiceStore, StoreAttempt, StoreFailure, StoredInvoice } from '../../ports/invoice-store';
import { isConditionFailure, isRejection, storeFailure } from './store-errors';
import { parseItem, storedInvoiceItemSchema } from './item-schemas';

export type InvoiceWriteMode = 'conditional-puts' | 'transactions';

export const DEFAULT_INVOICE_WRITE_MODE: InvoiceWriteMode = 'conditional-puts';

/** The attribute of a fence item: the message ids that may no longer store this invoice. */
const FENCE = 'fencedMessageIds';

/** No invoice here yet, or only a fence that does not name this message. */
const STORE_CONDITION = `attribute_not_exists(issuerTaxId) OR (attribute_exists(${FENCE}) AND NOT contains(${FENCE}, :messageId))`;

function conditionalPut(tableName: string, invoice: StoredInvoice) {
  return {
    TableName: tableName,
    Item: invoice,
    ConditionExpression: STORE_CONDITION,
    ExpressionAttributeValues: { ':messageId': invoice.messageId },
  };
}

/** Conditional puts in flight at once for one batch: enough to hide the round trips, few enough not to throttle a partition. */
const PUTS_IN_FLIGHT = 25;
const TRANSACTION_ITEMS = 100;
const TRANSACTION_BYTES = 3.5 * 1024 * 1024;

export class DynamoDbInvoiceStore implements InvoiceStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly writeMode: InvoiceWriteMode = DEFAULT_INVOICE_WRITE_MODE,
  ) {}

  async storeIfAbsent(invoice: StoredInvoice): Promise<StoreAttempt> {
    try {
      await this.client.send(new PutCommand(conditionalPut(this.tableName, invoice)));
      return { created: true };
    } catch (error) {
      if (!isConditionFailure(error)) throw storeFailure(`could not store invoice ${invoice.invoiceNumber}`, error);
    }
    const item = await this.read(invoice);
    if (item && !isFence(item)) return { created: false, existing: parseItem(storedInvoiceItemSchema, item, this.tableName) };
    if (item && fencedIds(item).includes(invoice.messageId)) return { created: false, fenced: true };
    // The item changed between the put and the read (a fence replaced, say): the next delivery decides.
    throw storeFailure(`invoice ${invoice.invoiceNumber} changed while it was being stored; try again`, undefined);
  }

  async fenceOut(identity: InvoiceIdentity, messageId: string): Promise<FenceAttempt> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { issuerTaxId: identity.issuerTaxId, invoiceNumber: identity.invoiceNumber },
          UpdateExpression: `ADD ${FENCE} :ids`,
          ConditionExpression: `attribute_not_exists(issuerTaxId) OR attribute_exists(${FENCE})`,
          ExpressionAttributeValues: { ':ids': new Set([messageId]) },
        }),
      );
      return { fenced: true };
    } catch (error) {
      if (!isConditionFailure(error)) throw storeFailure(`could not fence message ${messageId} out of invoice ${identity.invoiceNumber}`, error);
    }
    const existing = await this.get(identity);
    if (!existing) throw storeFailure(`invoice ${identity.invoiceNumber} changed while message ${messageId} was being fenced out; try again`, undefined);
    return { fenced: false, existing };
  }

  async storeAllIfAbsent(invoices: StoredInvoice[]): Promise<Array<StoreAttempt | StoreFailure>> {
    if (this.writeMode === 'conditional-puts') {
      return mapLimited(invoices, PUTS_IN_FLIGHT, (invoice) => this.storeIfAbsent(invoice).catch((error: unknown): StoreFailure => ({ failed: error as Error })));
    }
    // DynamoDB takes at most 100 items and 4 MB in one transaction.
    const chunks = chunkBySize(invoices, (invoice) => Buffer.byteLength(invoice.payload) + 1024, {
      maxBytes: TRANSACTION_BYTES,
      maxCount: TRANSACTION_ITEMS,
    });
    const attempts = await Promise.all(
      chunks.map((chunk) => this.storeChunk(chunk).catch((error: unknown) => chunk.map((): StoreFailure => ({ failed: error as Error })))),
    );
    return attempts.flat();
  }

  private async storeChunk(chunk: StoredInvoice[]): Promise<Array<StoreAttempt | StoreFailure>> {
    if (chunk.length > 1) {
      try {
        await this.client.send(
          new TransactWriteCommand({
            TransactItems: chunk.map((invoice) => ({
              Put: conditionalPut(this.tableName, invoice),
            })),
          }),
        );
        return chunk.map(() => ({ created: true }));
      } catch (error) {
        // A conflict or a refused item cancels them all: each goes again alone, so only that one is affected.
        if (!(error instanceof TransactionCanceledException) && !isRejection(error)) throw storeFailure(`could not store ${chunk.length} invoices`, error);
      }
    }
    const attempts: Array<StoreAttempt | StoreFailure> = [];
    for (const invoice of chunk) attempts.push(await this.storeIfAbsent(invoice).catch((error: unknown) => ({ failed: error as Error })));
    return attempts;
  }

  async get(identity: InvoiceIdentity): Promise<StoredInvoice | undefined> {
    const item = await this.read(identity);
    return item && !isFence(item) ? parseItem(storedInvoiceItemSchema, item, this.tableName) : undefined;
  }

  private async read(identity: InvoiceIdentity): Promise<Record<string, unknown> | undefined> {
    try {
      const { Item } = await this.client.send(
        new GetCommand({
          TableName: this.tableName,
          Key: { issuerTaxId: identity.issuerTaxId, invoiceNumber: identity.invoiceNumber },
          ConsistentRead: true,
        }),
      );
      return Item;
    } catch (error) {
      throw storeFailure(`could not read invoice ${identity.invoiceNumber}`, error);
    }
  }
}

/** A fence item holds no invoice, only the messages fenced out of it. */
function isFence(item: Record<string, unknown>): boolean {
  return item[FENCE] !== undefined && item.messageId === undefined;
}

function fencedIds(item: Record<string, unknown>): string[] {
  const ids = item[FENCE];
  return ids instanceof Set ? [...(ids as Set<string>)] : [];
}
