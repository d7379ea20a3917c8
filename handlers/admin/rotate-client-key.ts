/** POST /admin/clients/{clientId}/rotate: a new key, shown this once; the old one works for the grace period (admin key). */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { pathParameter } from '../../lib/http/path-parameter';
import { jsonResponse } from '../../lib/http/responses';
import { principalOf } from '../../lib/middlewares/caller-auth';
import { httpApi } from '../../lib/middlewares/http-api';
import { logger } from '../../lib/observability';
import { rotateClientKey, type ManageClientsDeps } from '../../lib/use-cases/clients/manage-clients';
import { manageClientsDeps } from './client-admin-deps';

async function rotateClientKeyHandler(deps: ManageClientsDeps, event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  const { client, apiKey } = await rotateClientKey(deps, pathParameter(event, 'clientId'));
  logger.info('client key rotated', { clientId: client.clientId, previousKeyValidUntil: client.previousKeyValidUntil, by: principalOf(event) });
  return jsonResponse(200, { ...client, apiKey });
}

/** The handler over the given collaborators (tests pass fakes; Lambda gets the real ones). */
export function createRotateClientKeyHandler(deps: ManageClientsDeps) {
  return httpApi({ role: 'admin' }).handler((event) => rotateClientKeyHandler(deps, event));
}

export const handler = createRotateClientKeyHandler(manageClientsDeps());
