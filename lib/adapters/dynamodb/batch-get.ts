/**
 * Reads items by key with BatchGetItem, 100 keys to a request, and asks again for what
 * DynamoDB leaves unprocessed (throttling), with backoff; throws a store failure naming `what`
 * when a request fails or keys stay unprocessed.
 */
import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { storeFailure } from './store-errors';

const KEYS_PER_REQUEST = 100;
const MAX_ROUNDS = 6;

/**
 * `attributes`: read only these (a projection; eventually consistent reads of small items cost
 * half a read unit each).
 *
 * @example const items = await batchGet(client, 'InvoiceMessages', [{ messageId: 'm-1' }], 'the messages'); // the items found, in no order
 */
export async function batchGet(
  client: DynamoDBDocumentClient,
  tableName: string,
  keys: Array<Record<string, unknown>>,
  what: string,
  options: { attributes?: string[] } = {},
): Promise<Record<string, unknown>[]> {
  const projection = options.attributes
    ? {
        ProjectionExpression: options.attributes.map((_, index) => `#a${index}`).join(', '),
        ExpressionAttributeNames: Object.fromEntries(options.attributes.map((name, index) => [`#a${index}`, name])),
      }
    : {};
  const found: Record<string, unknown>[] = [];
  for (let start = 0; start < keys.length; start += KEYS_PER_REQUEST) {
    let pending = keys.slice(start, start + KEYS_PER_REQUEST);
    for (let round = 0; pending.length > 0; round += 1) {
      if (round === MAX_ROUNDS) throw storeFailure(`could not read ${what}: DynamoDB kept them unprocessed`, undefined);
      if (round > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 50 * 2 ** round)));
      let answer;
      try {
        answer = await client.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ...projection } } }));
      } catch (error) {
        throw storeFailure(`could not read ${what}`, error);
      }
      found.push(...(answer.Responses?.[tableName] ?? []));
      pending = answer.UnprocessedKeys?.[tableName]?.Keys ?? [];
    }
  }
  return found;
}
