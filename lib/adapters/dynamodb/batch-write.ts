/**
 * Writes items with BatchWriteItem, 25 to a request, and retries what DynamoDB leaves
 * unprocessed (throttling) with backoff; resolves with the items that could not be written.
 */
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { FailedItems } from '../../ports/failed-items';
import { storeFailure } from './store-errors';

const ITEMS_PER_REQUEST = 25;
const MAX_ROUNDS = 6;

/** @example await batchPut(client, 'InvoiceMessages', ['messageId'], outcomes) // Map {} when all landed */
export async function batchPut(
  client: DynamoDBDocumentClient,
  tableName: string,
  keyAttributes: string[],
  items: Record<string, unknown>[],
): Promise<FailedItems> {
  const keyOf = (item: Record<string, unknown> | undefined) => JSON.stringify(keyAttributes.map((name) => item?.[name]));
  const failed = new Map<number, Error>();
  const requests: Promise<void>[] = [];
  for (let start = 0; start < items.length; start += ITEMS_PER_REQUEST) {
    const indexes = items.slice(start, start + ITEMS_PER_REQUEST).map((_, offset) => start + offset);
    requests.push(
      putChunk(client, tableName, items, indexes, keyOf).then((unwritten) => {
        for (const [index, error] of unwritten) failed.set(index, error);
      }),
    );
  }
  await Promise.all(requests);
  return failed;
}

async function putChunk(
  client: DynamoDBDocumentClient,
  tableName: string,
  items: Record<string, unknown>[],
  indexes: number[],
  keyOf: (item: Record<string, unknown> | undefined) => string,
): Promise<Map<number, Error>> {
  // BatchWriteItem answers with copies of the unprocessed items: find them again by key.
  let pending = indexes;
  for (let round = 1; pending.length > 0; round += 1) {
    if (round > MAX_ROUNDS) return failAll(pending, storeFailure(`${tableName}: ${pending.length} items stayed unprocessed`, undefined));
    if (round > 1) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** round));
    try {
      const { UnprocessedItems } = await client.send(
        new BatchWriteCommand({ RequestItems: { [tableName]: pending.map((index) => ({ PutRequest: { Item: items[index] } })) } }),
      );
      const unprocessed = new Set((UnprocessedItems?.[tableName] ?? []).map((request) => keyOf(request.PutRequest?.Item)));
      pending = pending.filter((index) => unprocessed.has(keyOf(items[index])));
    } catch (error) {
      return failAll(pending, storeFailure(`could not write to ${tableName}`, error));
    }
  }
  return new Map();
}

function failAll(indexes: number[], error: Error): Map<number, Error> {
  return new Map(indexes.map((index) => [index, error]));
}
