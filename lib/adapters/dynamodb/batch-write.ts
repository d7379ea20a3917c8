/**
 * Writes items with BatchWriteItem, 25 to a request, and retries what DynamoDB leaves
 * unprocessed (throttling) with backoff; rejects unless every item was written.
 */
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { storeUnavailable } from './store-errors';

const ITEMS_PER_REQUEST = 25;
const MAX_ROUNDS = 6;

export async function batchPut(client: DynamoDBDocumentClient, tableName: string, items: Record<string, unknown>[]): Promise<void> {
  const chunks: Record<string, unknown>[][] = [];
  for (let start = 0; start < items.length; start += ITEMS_PER_REQUEST) chunks.push(items.slice(start, start + ITEMS_PER_REQUEST));
  await Promise.all(chunks.map((chunk) => putChunk(client, tableName, chunk)));
}

async function putChunk(client: DynamoDBDocumentClient, tableName: string, items: Record<string, unknown>[]): Promise<void> {
  let pending = items.map((Item) => ({ PutRequest: { Item } }));
  for (let round = 1; pending.length > 0; round += 1) {
    if (round > MAX_ROUNDS) throw storeUnavailable(`${tableName}: ${pending.length} items stayed unprocessed`, undefined);
    if (round > 1) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** round));
    try {
      const { UnprocessedItems } = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
      pending = (UnprocessedItems?.[tableName] ?? []) as typeof pending;
    } catch (error) {
      throw storeUnavailable(`could not write to ${tableName}`, error);
    }
  }
}
