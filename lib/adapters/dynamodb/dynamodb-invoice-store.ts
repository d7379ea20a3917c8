/**
 * InvoiceStore on the DynamoDB table Invoices (key issuerTaxId + invoiceNumber). The write
 * is conditional, so a second version of an invoice never overwrites the first.
 */
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { InvoiceIdentity } from '../../domain/invoice-identity';
import type { InvoiceStore, StoreAttempt, StoredInvoice } from '../../ports/invoice-store';
import { isConditionFailure, storeUnavailable } from './store-errors';

export class DynamoDbInvoiceStore implements InvoiceStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
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
      if (!isConditionFailure(error)) throw storeUnavailable(`could not store invoice ${invoice.invoiceNumber}`, error);
    }
    const existing = await this.get(invoice);
    if (!existing) throw storeUnavailable(`invoice ${invoice.invoiceNumber} exists but could not be read`, undefined);
    return { created: false, existing };
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
      return Item as StoredInvoice | undefined;
    } catch (error) {
      throw storeUnavailable(`could not read invoice ${identity.invoiceNumber}`, error);
    }
  }
}
