/** GET /admin/clients: every registered client, revoked ones included, without keys (admin key). */
import type { APIGatewayProxyResult } from 'aws-lambda';
import { jsonResponse } from '../../lib/http/responses';
import { httpApi } from '../../lib/middlewares/http-api';
import { listClients } from '../../lib/use-cases/clients/manage-clients';
import { clientAdminDeps } from './client-admin-deps';

const deps = clientAdminDeps();

async function listClientsHandler(): Promise<APIGatewayProxyResult> {
  return jsonResponse(200, { items: await listClients(deps) });
}

export const handler = httpApi({ role: 'admin' }).handler(listClientsHandler);
