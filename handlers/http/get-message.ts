/** GET /messages/{messageId}: where a message is, from ACCEPTED to its outcome. */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { awsAdapters } from '../../lib/adapters/aws-adapters';
import { pathParameter } from '../../lib/http/path-parameter';
import { jsonResponse, notFound } from '../../lib/http/responses';
import { maySee } from '../../lib/domain/caller';
import { callerOf } from '../../lib/middlewares/caller-auth';
import { httpApi } from '../../lib/middlewares/http-api';
import { trackMessage } from '../../lib/use-cases/track-message';

const deps = { messageLog: awsAdapters.messageLog(), quarantine: awsAdapters.quarantine() };

async function getMessageHandler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  const messageId = pathParameter(event, 'messageId');
  const found = await trackMessage(deps, messageId);
  // Another client's message answers exactly as one that does not exist: nobody can probe for them.
  const status = found && maySee(callerOf(event), found.clientId) ? found : undefined;
  if (!status) throw notFound(`No message ${messageId} is known. Use the messageId of a 202 answer from POST /invoices.`);
  return jsonResponse(200, status);
}

export const handler = httpApi({ role: 'client' }).handler(getMessageHandler);
