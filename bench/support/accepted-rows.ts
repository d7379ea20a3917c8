/**
 * The ACCEPTED rows the API writes before the validator sees a record (lib/use-cases/
 * invoice-record.ts): the bench produces straight to the topic, so it writes them itself,
 * before the clock starts, for the validator to meet the flow as deployed (a STORED
 * outcome whose ACCEPTED row names the invoice gets no row of its own).
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { batchPut } from '../../lib/adapters/dynamodb/batch-write';
import type { InvoiceIdentity } from '../../lib/domain/invoice-identity';
import { chunksOf, mapLimited } from '../../lib/map-limited';

const ROWS_PER_CALL = 25;
const CALLS_IN_FLIGHT = 8;

export async function writeAcceptedRows(
  documents: DynamoDBDocumentClient,
  tableName: string,
  messages: ReadonlyArray<{ messageId: string; identity?: InvoiceIdentity }>,
  acceptedAt: Date,
): Promise<void> {
  const rows = messages.map(({ messageId, identity }) => ({
    messageId,
    status: 'ACCEPTED',
    source: 'bench',
    acceptedAt: acceptedAt.toISOString(),
    ...(identity ? { invoice: identity } : {}),
  }));
  // A few batch requests at once: all of them at once overruns DynamoDB Local's connections.
  await mapLimited(chunksOf(rows, ROWS_PER_CALL), CALLS_IN_FLIGHT, async (chunk) => {
    const failed = await batchPut(documents, tableName, ['messageId'], chunk);
    if (failed.size > 0) throw new Error(`${failed.size} ACCEPTED rows could not be written to ${tableName}: ${[...failed.values()][0]?.message}`);
  });
}
