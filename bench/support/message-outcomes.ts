/**
 * Reads back what the validator recorded for the bench's messages in InvoiceMessages, to
 * check a run after its clock stopped. A message whose ACCEPTED row names its invoice has no
 * STORED row (lib/use-cases/message-outcome.ts): it counts as STORED when that invoice names it.
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
  const accepted = new Map<string, { issuerTaxId: string; invoiceNumber: string }>();
  await mapLimited(chunksOf(messageIds, KEYS_PER_REQUEST), REQUESTS_IN_FLIGHT, async (chunk) => {
    let keys: Array<Record<string, unknown>> = chunk.map((messageId) => ({ messageId }));
    while (keys.length > 0) {
      const response = await client.send(
        new BatchGetCommand({
          RequestItems: { [tableName]: { Keys: keys, ProjectionExpression: 'messageId, #status, invoice', ExpressionAttributeNames: { '#status': 'status' } } },
        }),
      );
      for (const item of response.Responses?.[tableName] ?? []) {
        statuses.set(String(item.messageId), String(item.status));
        if (item.status === 'ACCEPTED' && item.invoice) accepted.set(String(item.messageId), item.invoice as { issuerTaxId: string; invoiceNumber: string });
      }
      keys = response.UnprocessedKeys?.[tableName]?.Keys ?? [];
    }
  });
  for (const messageId of await storedBy(client, accepted)) statuses.set(messageId, 'STORED');
  const counts: Record<string, number> = {};
  for (const messageId of messageIds) {
    const status = statuses.get(messageId) ?? 'MISSING';
    counts[status] = (counts[status] ?? 0) + 1;
  }
  return counts;
}

/** Which of these ACCEPTED messages the invoice they name was stored by. */
async function storedBy(client: DynamoDBDocumentClient, accepted: Map<string, { issuerTaxId: string; invoiceNumber: string }>): Promise<string[]> {
  const tableName = INFRASTRUCTURE.tables.invoices.TableName;
  const keys = [...new Map([...accepted.values()].map((identity) => [`${identity.issuerTaxId}/${identity.invoiceNumber}`, identity])).values()];
  const storing = new Set<string>();
  await mapLimited(chunksOf(keys, KEYS_PER_REQUEST), REQUESTS_IN_FLIGHT, async (chunk) => {
    let pending: Array<Record<string, unknown>> = chunk;
    while (pending.length > 0) {
      const response = await client.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ProjectionExpression: 'messageId' } } }));
      for (const item of response.Responses?.[tableName] ?? []) storing.add(String(item.messageId));
      pending = response.UnprocessedKeys?.[tableName]?.Keys ?? [];
    }
  });
  return [...accepted.keys()].filter((messageId) => storing.has(messageId));
}
