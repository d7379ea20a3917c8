/**
 * The message log on DynamoDB Local: what it leaves out to keep a valid invoice to one write
 * here (no STORED row when the ACCEPTED row names the invoice; no correlation index entry for a
 * message that is its own correlation), and that every reader still finds what it looks for.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { INFRASTRUCTURE } from '../../lib/infrastructure';
import { createDocumentClient } from '../../lib/adapters/dynamodb/document-client';
import { DynamoDbMessageLog } from '../../lib/adapters/dynamodb/dynamodb-message-log';
import type { MessageOutcome } from '../../lib/ports/message-log';
import { uniqueName } from '../helpers/wait-for';

const documents = createDocumentClient();
const tableName = INFRASTRUCTURE.tables.messages.TableName;
const log = new DynamoDbMessageLog(documents, tableName);
const origin = { topic: 'invoices', partition: 1, offset: '7' };

function outcome(messageId: string, status: MessageOutcome['status'], invoiceNumber: string): MessageOutcome {
  return { messageId, status, correlationId: messageId, origin, processedAt: '2026-12-01T00:00:01.000Z', invoice: { issuerTaxId: 'B12345678', invoiceNumber } };
}

async function rawItem(messageId: string) {
  return (await documents.send(new GetCommand({ TableName: tableName, Key: { messageId } }))).Item;
}

describe('DynamoDbMessageLog', () => {
  it('writes no STORED row for a message whose ACCEPTED row names the invoice, and every other outcome as given', async () => {
    // Prepare: two messages accepted by the API naming their invoices, one produced straight to the topic
    const [named, duplicate, direct, other] = ['named', 'duplicate', 'direct', 'other'].map((name) => uniqueName(`ML-${name}`)) as [string, string, string, string];
    for (const messageId of [named, duplicate, other]) {
      await log.recordAccepted({ messageId, correlationId: messageId, source: 'invoice-api', origin, acceptedAt: '2026-12-01T00:00:00.000Z', invoice: { issuerTaxId: 'B12345678', invoiceNumber: `N-${messageId}` } });
    }

    // Act
    const failed = await log.recordOutcomes([
      outcome(named, 'STORED', `N-${named}`),
      outcome(duplicate, 'DUPLICATE', `N-${duplicate}`),
      outcome(direct, 'STORED', `N-${direct}`),
      // An ACCEPTED row naming another invoice than the one stored is not trusted: the row is written.
      outcome(other, 'STORED', 'N-something-else'),
    ]);

    // Assess
    expect(failed.size).toBe(0);
    expect(await rawItem(named)).toMatchObject({ status: 'ACCEPTED' });
    expect(await rawItem(duplicate)).toMatchObject({ status: 'DUPLICATE', invoiceKey: `B12345678#N-${duplicate}` });
    expect(await rawItem(direct)).toMatchObject({ status: 'STORED' });
    expect(await rawItem(other)).toMatchObject({ status: 'STORED' });
  });

  it('keeps a message that is its own correlation out of the correlation index, yet finds it by that id with its resent copies', async () => {
    // Prepare
    const original = uniqueName('ML-own');
    const copy = uniqueName('ML-copy');
    await log.recordAccepted({ messageId: original, correlationId: original, source: 'invoice-api', origin, acceptedAt: '2026-12-01T00:00:00.000Z' });
    await log.recordAccepted({ messageId: copy, correlationId: original, causationId: original, source: 'admin-resend', origin, acceptedAt: '2026-12-01T00:01:00.000Z' });

    // Act
    const found = await log.findByCorrelationId(original, 10);

    // Assess
    expect((await rawItem(original))?.correlationId).toBeUndefined();
    expect((await rawItem(copy))?.correlationId).toBe(original);
    expect((await log.get(original))?.correlationId).toBe(original);
    expect(found.sort()).toEqual([original, copy].sort());
    expect(await log.findByCorrelationId(uniqueName('ML-nobody'), 10)).toEqual([]);
  });
});
