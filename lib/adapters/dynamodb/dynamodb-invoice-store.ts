/**
 * InvoiceStore on the DynamoDB table Invoices (key issuerTaxId + invoiceNumber). Every write
 * is conditional, so a second version of an invoice never overwrites the first.
 *
 * Two ways to write a batch (docs/write-costs.md has the figures):
 * - `transactions` (the default): up to 100 conditional puts per TransactWriteItems, one round
 *   trip. When one of its conditions fails (an invoice already there) the chunk is written
 *   again one by one, which tells each apart.
 * - `conditional-puts`: each invoice its own conditional PutItem, 25 in flight. It costs half
 *   the write units on AWS, but the store-outage drill found a put that timed out landing after
 *   the failed-record path had looked for it (the invoice stored and quarantined both), so it
 *   is not the default until writes are fenced. The bench measures both.
 *
 * Either way a write the store fails for comes back as a failure for that invoice, and the
 * others stand.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { chunkBySize } from '../../chunk-by-size';
import type { InvoiceIdentity } from '../../domain/invoice-identity';
import { mapLimited } from '../../map-limited';
import type { InvoiceStore, StoreAttempt, StoreFailure, StoredInvoice } from '../../ports/invoice-store';
import { isConditionFailure, isRejection, storeFailure } from './store-errors';
import { parseItem, storedInvoiceItemSchema } from './item-schemas';

export type InvoiceWriteMode = 'conditional-puts' | 'transactions';

export const DEFAULT_INVOICE_WRITE_MODE: InvoiceWriteMode = 'transactions';

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
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: invoice,
          ConditionExpression: 'attribute_not_exists(issuerTaxId)',
        }),
      );
      return { created: true };
    } catch (error) {
      if (!isConditionFailure(error)) throw storeFailure(`could not store invoice ${invoice.invoiceNumber}`, error);
    }
    const existing = await this.get(invoice);
    if (!existing) throw storeFailure(`invoice ${invoice.invoiceNumber} exists but could not be read`, undefined);
    return { created: false, existing };
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
              Put: { TableName: this.tableName, Item: invoice, ConditionExpression: 'attribute_not_exists(issuerTaxId)' },
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
    try {
      const { Item } = await this.client.send(
        new GetCommand({
          TableName: this.tableName,
          Key: { issuerTaxId: identity.issuerTaxId, invoiceNumber: identity.invoiceNumber },
          ConsistentRead: true,
        }),
      );
      return Item ? parseItem(storedInvoiceItemSchema, Item, this.tableName) : undefined;
    } catch (error) {
      throw storeFailure(`could not read invoice ${identity.invoiceNumber}`, error);
    }
  }
}
