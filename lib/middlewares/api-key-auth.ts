/**
 * Checks the caller's key before anything else runs. Client routes take client keys
 * (and admin keys); admin routes take admin keys only. The key comes as `x-api-key` or
 * `Authorization: Bearer <key>`. 401 when none is sent, 403 when it does not grant the route.
 * A configured key may carry a name (`alice=the-key`); the caller's name goes into
 * requestContext.authorizer.principalId, where an API Gateway authorizer would put it, so
 * admin actions are audited by who did them without the key itself ever being logged.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { HttpProblem } from '../http/problem';

export type Role = 'client' | 'admin';

export interface ApiKeyAuthOptions {
  role: Role;
  clientKeys: readonly string[];
  adminKeys: readonly string[];
}

interface NamedKey {
  name: string;
  key: string;
}

/** `name=key` keeps its name; a bare key is named by its role and a short fingerprint. */
function namedKey(entry: string, role: Role): NamedKey {
  const separator = entry.indexOf('=');
  if (separator > 0) return { name: entry.slice(0, separator), key: entry.slice(separator + 1) };
  return { name: `${role}-${createHash('sha256').update(entry).digest('hex').slice(0, 8)}`, key: entry };
}

export function apiKeyAuth(options: ApiKeyAuthOptions): MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> {
  const admins = options.adminKeys.map((entry) => namedKey(entry, 'admin'));
  const accepted = options.role === 'admin' ? admins : [...options.clientKeys.map((entry) => namedKey(entry, 'client')), ...admins];
  const apiKeyAuthBefore: MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult>['before'] = (request) => {
    const key = presentedKey(request.event.headers ?? {});
    if (!key) {
      throw new HttpProblem(401, 'Unauthorized', 'Send your API key in the x-api-key header (or as Authorization: Bearer <key>).', {
        headers: { 'www-authenticate': 'Bearer' },
      });
    }
    const caller = accepted.find((candidate) => sameKey(candidate.key, key));
    if (!caller) {
      const detail =
        options.role === 'admin'
          ? 'This route needs an admin key; the key you sent is not one.'
          : 'The API key you sent is not valid; check it with the operators of this API.';
      throw new HttpProblem(403, 'Forbidden', detail);
    }
    const requestContext = request.event.requestContext ?? ({} as APIGatewayProxyEvent['requestContext']);
    request.event.requestContext = { ...requestContext, authorizer: { ...requestContext.authorizer, principalId: caller.name } };
  };
  return { before: apiKeyAuthBefore };
}

/** Who made the request, as the key check named them ('unknown' when no check ran). */
export function principalOf(event: Pick<APIGatewayProxyEvent, 'requestContext'>): string {
  const principal: unknown = event.requestContext?.authorizer?.principalId;
  return typeof principal === 'string' && principal ? principal : 'unknown';
}

function presentedKey(headers: Record<string, string | undefined>): string | undefined {
  const apiKey = headers['x-api-key']?.trim();
  if (apiKey) return apiKey;
  const bearer = /^Bearer\s+(.+)$/i.exec(headers.authorization?.trim() ?? '');
  return bearer?.[1]?.trim() || undefined;
}

function sameKey(expected: string, presented: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}
