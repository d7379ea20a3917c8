/**
 * Checks the caller's key before anything else runs. Client routes take client keys
 * (and admin keys); admin routes take admin keys only. The key comes as `x-api-key` or
 * `Authorization: Bearer <key>`. 401 when none is sent, 403 when it does not grant the route.
 */
import { timingSafeEqual } from 'node:crypto';
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { HttpProblem } from '../http/problem';

export type Role = 'client' | 'admin';

export interface ApiKeyAuthOptions {
  role: Role;
  clientKeys: readonly string[];
  adminKeys: readonly string[];
}

export function apiKeyAuth(options: ApiKeyAuthOptions): MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> {
  const accepted = options.role === 'admin' ? options.adminKeys : [...options.clientKeys, ...options.adminKeys];
  const apiKeyAuthBefore: MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult>['before'] = (request) => {
    const key = presentedKey(request.event.headers ?? {});
    if (!key) {
      throw new HttpProblem(401, 'Unauthorized', 'Send your API key in the x-api-key header (or as Authorization: Bearer <key>).', {
        headers: { 'www-authenticate': 'Bearer' },
      });
    }
    if (!accepted.some((candidate) => sameKey(candidate, key))) {
      const detail =
        options.role === 'admin'
          ? 'This route needs an admin key; the key you sent is not one.'
          : 'The API key you sent is not valid; check it with the operators of this API.';
      throw new HttpProblem(403, 'Forbidden', detail);
    }
  };
  return { before: apiKeyAuthBefore };
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
