/** GET /messages/{messageId}: where a message is, from ACCEPTED to its outcome. */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { createDocumentClient } from '../../lib/adapters/dynamodb/document-client';
import { DynamoDbInvoiceStore } from '../../lib/adapters/dynamodb/dynamodb-invoice-store';
import { DynamoDbMessageLog } from '../../lib/adapters/dynamodb/dynamodb-message-log';
import { DynamoDbQuarantine, quarantineTables } from '../../lib/adapters/dynamodb/dynamodb-quarantine';
import { pathParameter } from '../../lib/http/path-parameter';
import { jsonResponse, notFound } from '../../lib/http/responses';
import { maySee } from '../../lib/domain/caller';
import { INFRASTRUCTURE } from '../../lib/infrastructure';
import { callerOf } from '../../lib/middlewares/caller-auth';
import { httpApi } from '../../lib/middlewares/http-api';
import { trackMessage } from '../../lib/use-cases/track-message';

type Deps = Parameters<typeof trackMessage>[0];

async function getMessageHandler(deps: Deps, event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  const messageId = pathParameter(event, 'messageId');
  const found = await trackMessage(deps, messageId);
  // Another client's message answers exactly as one that does not exist: nobody can probe for them.
  const status = found && maySee(callerOf(event), found.clientId) ? found : undefined;
  if (!status) throw notFound(`No message ${messageId} is known. Use the messageId of a 202 answer from POST /invoices.`);
  return jsonResponse(200, status);
}

/** The handler over the given collaborators (tests pass fakes; Lambda gets the real ones). */
export function createGetMessageHandler(deps: Deps) {
  return httpApi({ role: 'client' }).handler((event) => getMessageHandler(deps, event));
}

// The composition root: the message log, the invoices (which name their STORED message) and the quarantine, once per container.
const documentClient = createDocumentClient();
const { tables } = INFRASTRUCTURE;
export const handler = createGetMessageHandler({
  messageLog: new DynamoDbMessageLog(documentClient, tables.messages.TableName),
  quarantine: new DynamoDbQuarantine(documentClient, quarantineTables()),
  invoices: new DynamoDbInvoiceStore(documentClient, tables.invoices.TableName),
});
