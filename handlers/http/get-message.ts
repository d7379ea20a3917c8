/** GET /messages/{messageId}: where a message is, from ACCEPTED to its outcome. */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { awsAdapters } from '../../lib/adapters/aws-adapters';
import { pathParameter } from '../../lib/http/path-parameter';
import { jsonResponse, notFound } from '../../lib/http/responses';
import { httpApi } from '../../lib/middlewares/http-api';
import { trackMessage } from '../../lib/use-cases/track-message';

const deps = { messageLog: awsAdapters.messageLog(), quarantine: awsAdapters.quarantine() };

async function getMessageHandler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  const messageId = pathParameter(event, 'messageId');
  const status = await trackMessage(deps, messageId);
  if (!status) throw notFound(`No message ${messageId} is known. Use the messageId of a 202 answer from POST /invoices.`);
  return jsonResponse(200, status);
}

export const handler = httpApi({ role: 'client' }).handler(getMessageHandler);
