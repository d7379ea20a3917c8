/** POST /admin/clients/{clientId}/revoke: the client's keys stop working (within the key cache time); 200 the client (admin key). */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { pathParameter } from '../../lib/http/path-parameter';
import { jsonResponse } from '../../lib/http/responses';
import { principalOf } from '../../lib/middlewares/caller-auth';
import { httpApi } from '../../lib/middlewares/http-api';
import { logger } from '../../lib/observability';
import { revokeClient } from '../../lib/use-cases/clients/manage-clients';
import { manageClientsDeps } from './client-admin-deps';

type Deps = Parameters<typeof revokeClient>[0];

async function revokeClientHandler(deps: Deps, event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  const client = await revokeClient(deps, pathParameter(event, 'clientId'));
  logger.info('client revoked', { clientId: client.clientId, by: principalOf(event) });
  return jsonResponse(200, client);
}

/** The handler over the given collaborators (tests pass fakes; Lambda gets the real ones). */
export function createRevokeClientHandler(deps: Deps) {
  return httpApi({ role: 'admin' }).handler((event) => revokeClientHandler(deps, event));
}

export const handler = createRevokeClientHandler(manageClientsDeps());
