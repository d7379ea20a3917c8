/**
 * The ACCEPTED rows the API writes before the validator sees a record (lib/use-cases/
 * invoice-record.ts): the bench produces straight to the topic, so it writes them itself,
 * before the clock starts, for the validator to meet the flow as deployed (a STORED
 * outcome whose ACCEPTED row names the invoice gets no row of its own).
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { batchPut } from '../../lib/adapters/dynamodb/batch-write';
import type { InvoiceIdentity } from '../../lib/domain/invoice-identity';

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
  const failed = await batchPut(documents, tableName, ['messageId'], rows);
  if (failed.size > 0) throw new Error(`${failed.size} ACCEPTED rows could not be written to ${tableName}: ${[...failed.values()][0]?.message}`);
}
