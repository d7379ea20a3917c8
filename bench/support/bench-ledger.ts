/**
 * The rows the bench leaves in the shared tables (Invoices, InvoiceMessages,
 * InvalidInvoices), by key, so it can delete exactly those and nothing else. DynamoDB
 * Local keeps everything in memory: six 100,000-invoice pipeline runs left in place
 * would hold about a gigabyte for everyone else on the machine.
 */
import { BatchWriteCommand, ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { InvoiceIdentity } from '../../lib/domain/invoice-identity';
import { INFRASTRUCTURE } from '../../lib/infrastructure';
import { chunksOf, mapLimited } from '../../lib/map-limited';

const DELETES_PER_REQUEST = 25;
const REQUESTS_IN_FLIGHT = 8;
const MAX_ROUNDS = 8;

export class BenchLedger {
  private readonly invoices = new Map<string, InvoiceIdentity>();
  private readonly messages = new Set<string>();
  private readonly quarantined = new Set<string>();

  constructor(private readonly client: DynamoDBDocumentClient) {}

  addInvoices(identities: Iterable<InvoiceIdentity>): void {
    for (const identity of identities) this.invoices.set(`${identity.issuerTaxId}/${identity.invoiceNumber}`, identity);
  }

  addMessages(messageIds: Iterable<string>): void {
    for (const messageId of messageIds) this.messages.add(messageId);
  }

  /** Invalid messages: the quarantine keeps them under their message id. */
  addQuarantined(messageIds: Iterable<string>): void {
    for (const messageId of messageIds) this.quarantined.add(messageId);
  }

  /** Deletes every row noted so far and forgets it; returns how many keys were deleted. */
  async purge(): Promise<number> {
    const { tables } = INFRASTRUCTURE;
    const work: Array<[string, Record<string, string>[]]> = [
      [tables.invoices.TableName, [...this.invoices.values()].map(({ issuerTaxId, invoiceNumber }) => ({ issuerTaxId, invoiceNumber }))],
      [tables.messages.TableName, [...this.messages].map((messageId) => ({ messageId }))],
      [tables.invalidInvoices.TableName, [...this.quarantined].map((messageId) => ({ messageId }))],
    ];
    this.invoices.clear();
    this.messages.clear();
    this.quarantined.clear();
    let deleted = 0;
    for (const [tableName, keys] of work) {
      await mapLimited(chunksOf(keys, DELETES_PER_REQUEST), REQUESTS_IN_FLIGHT, (chunk) => this.deleteChunk(tableName, chunk));
      deleted += keys.length;
    }
    return deleted;
  }

  /**
   * Notes every row of the bench's invoices (message id or invoice number starting with
   * `prefix`, a run id): the safety net for rows written after a run's own clean-up, by an
   * invocation still in flight or by the shared trigger catching up with ingest records.
   */
  async sweep(prefix: string): Promise<void> {
    const { tables } = INFRASTRUCTURE;
    const scan = async (tableName: string, filter: string) => {
      const items: Array<Record<string, unknown>> = [];
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const page = await this.client.send(
          new ScanCommand({ TableName: tableName, FilterExpression: filter, ExpressionAttributeValues: { ':prefix': prefix }, ExclusiveStartKey }),
        );
        items.push(...(page.Items ?? []));
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      return items;
    };
    const invoices = await scan(tables.invoices.TableName, 'begins_with(invoiceNumber, :prefix)');
    this.addInvoices(invoices.map((item) => ({ issuerTaxId: String(item.issuerTaxId), invoiceNumber: String(item.invoiceNumber) })));
    const messages = await scan(tables.messages.TableName, 'begins_with(messageId, :prefix) OR begins_with(invoice.invoiceNumber, :prefix)');
    this.addMessages(messages.map((item) => String(item.messageId)));
    const quarantined = await scan(tables.invalidInvoices.TableName, 'begins_with(messageId, :prefix) OR begins_with(invoiceNumber, :prefix)');
    this.addQuarantined(quarantined.map((item) => String(item.messageId)));
  }

  private async deleteChunk(tableName: string, keys: Record<string, string>[]): Promise<void> {
    let pending = keys.map((Key) => ({ DeleteRequest: { Key } }));
    for (let round = 1; pending.length > 0; round += 1) {
      if (round > MAX_ROUNDS) throw new Error(`${tableName}: ${pending.length} deletes stayed unprocessed`);
      if (round > 1) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** round));
      const { UnprocessedItems } = await this.client.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
      pending = (UnprocessedItems?.[tableName] ?? []) as typeof pending;
    }
  }
}
