/** POST /admin/clients with {"name", "issuers": [...], "tier"?}: registers a client; 201 {clientId, apiKey, ...}, the key shown this once (admin key). */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { jsonBodyOf } from '../../lib/http/json-body';
import { jsonResponse } from '../../lib/http/responses';
import { principalOf } from '../../lib/middlewares/caller-auth';
import { httpApi } from '../../lib/middlewares/http-api';
import { logger } from '../../lib/observability';
import { registerClient, type RegisterClientDeps } from '../../lib/use-cases/clients/register-client';
import { registerClientDeps } from './client-admin-deps';

async function registerClientHandler(deps: RegisterClientDeps, event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  const request = jsonBodyOf(event, '{"name": "...", "issuers": ["B12345678", ...]}');
  const { client, apiKey } = await registerClient(deps, request);
  // The key itself is never logged.
  logger.info('client registered', { clientId: client.clientId, issuers: client.issuers.length, tier: client.tier, by: principalOf(event) });
  return jsonResponse(201, { ...client, apiKey }, { location: `/admin/clients/${client.clientId}` });
}

/** The handler over the given collaborators (tests pass fakes; Lambda gets the real ones). */
export function createRegisterClientHandler(deps: RegisterClientDeps) {
  return httpApi({ role: 'admin', maxBodyBytes: 65_536 }).handler((event) => registerClientHandler(deps, event));
}

export const handler = createRegisterClientHandler(registerClientDeps());
