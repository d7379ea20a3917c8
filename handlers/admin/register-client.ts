/** POST /admin/clients with {"name", "issuers": [...], "tier"?}: registers a client; 201 {clientId, apiKey, ...}, the key shown this once (admin key). */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { BadRequestError } from '../../lib/errors';
import { rawBody } from '../../lib/http/raw-body';
import { jsonResponse } from '../../lib/http/responses';
import { principalOf } from '../../lib/middlewares/caller-auth';
import { httpApi } from '../../lib/middlewares/http-api';
import { logger } from '../../lib/observability';
import { registerClient } from '../../lib/use-cases/clients/register-client';
import { clientAdminDeps } from './client-admin-deps';

const deps = clientAdminDeps();

async function registerClientHandler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  let request: unknown;
  try {
    request = JSON.parse(rawBody(event).toString('utf8'));
  } catch {
    throw new BadRequestError('Send {"name": "...", "issuers": ["B12345678", ...]} as JSON.');
  }
  const { client, apiKey } = await registerClient(deps, request);
  // The key itself is never logged.
  logger.info('client registered', { clientId: client.clientId, issuers: client.issuers.length, tier: client.tier, by: principalOf(event) });
  return jsonResponse(201, { ...client, apiKey }, { location: `/admin/clients/${client.clientId}` });
}

export const handler = httpApi({ role: 'admin', maxBodyBytes: 65_536 }).handler(registerClientHandler);
