/**
 * Reads back what the validator recorded for the bench's messages in InvoiceMessages
 * (one outcome row per record), to check a run after its clock stopped.
 */
import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { INFRASTRUCTURE } from '../../lib/infrastructure';
import { chunksOf, mapLimited } from '../../lib/map-limited';

const KEYS_PER_REQUEST = 100;
const REQUESTS_IN_FLIGHT = 4;

/**
 * How many of the messages are at each status; `MISSING` counts those with no row.
 *
 * @example
 * await countOutcomes(client, ['bench-x-0', 'bench-x-1']) // { STORED: 1, INVALID: 1 }
 */
export async function countOutcomes(client: DynamoDBDocumentClient, messageIds: readonly string[]): Promise<Record<string, number>> {
  const tableName = INFRASTRUCTURE.tables.messages.TableName;
  const statuses = new Map<string, string>();
  await mapLimited(chunksOf(messageIds, KEYS_PER_REQUEST), REQUESTS_IN_FLIGHT, async (chunk) => {
    let keys: Array<Record<string, unknown>> = chunk.map((messageId) => ({ messageId }));
    while (keys.length > 0) {
      const response = await client.send(
        new BatchGetCommand({
          RequestItems: { [tableName]: { Keys: keys, ProjectionExpression: 'messageId, #status', ExpressionAttributeNames: { '#status': 'status' } } },
        }),
      );
      for (const item of response.Responses?.[tableName] ?? []) statuses.set(String(item.messageId), String(item.status));
      keys = response.UnprocessedKeys?.[tableName]?.Keys ?? [];
    }
  });
  const counts: Record<string, number> = {};
  for (const messageId of messageIds) {
    const status = statuses.get(messageId) ?? 'MISSING';
    counts[status] = (counts[status] ?? 0) + 1;
  }
  return counts;
}
