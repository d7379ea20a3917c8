/** GET /admin/clients: every registered client, revoked ones included, without keys (admin key). */
import type { APIGatewayProxyResult } from 'aws-lambda';
import { jsonResponse } from '../../lib/http/responses';
import { httpApi } from '../../lib/middlewares/http-api';
import { listClients } from '../../lib/use-cases/clients/manage-clients';
import { clientRegistry } from './client-admin-deps';

type Deps = Parameters<typeof listClients>[0];

async function listClientsHandler(deps: Deps): Promise<APIGatewayProxyResult> {
  return jsonResponse(200, { items: await listClients(deps) });
}

/** The handler over the given collaborators (tests pass fakes; Lambda gets the real ones). */
export function createListClientsHandler(deps: Deps) {
  return httpApi({ role: 'admin' }).handler(() => listClientsHandler(deps));
}

export const handler = createListClientsHandler({ registry: clientRegistry() });
