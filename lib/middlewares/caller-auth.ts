/**
 * Lets a request through only when the API's key check (the REQUEST authorizer,
 * handlers/http/authorize-request.ts) named a caller the route admits: client routes take
 * clients and admins, admin routes admins only. The authorizer lets every request reach the
 * function with its verdict, so the refusals are this project's problem+json, the same on
 * AWS and under serverless-offline: 401 without a key, 403 for a key that is not valid, or
 * revoked, or not an admin's.
 */
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { Caller } from '../domain/caller';
import { getConfig } from '../config';
import { callerOfRequest } from '../http/authorizer-context';
import type { RefusedKey } from '../use-cases/clients/identify-caller';
import { HttpProblem } from '../http/problem';
import { logger } from '../observability';

export type Role = 'client' | 'admin';

const REFUSALS: Record<RefusedKey, HttpProblem | (() => HttpProblem)> = {
  missing: new HttpProblem(401, 'Unauthorized', 'Send your API key in the x-api-key header (or as Authorization: Bearer <key>).', {
    headers: { 'www-authenticate': 'Bearer' },
  }),
  unknown: new HttpProblem(403, 'Forbidden', 'The API key you sent is not valid; check it with the operators of this API.'),
  revoked: new HttpProblem(403, 'Forbidden', 'The API key you sent was revoked; ask the operators of this API for a new one.'),
  unavailable: () => {
    const retryAfter = String(getConfig().RETRY_AFTER_SECONDS);
    return new HttpProblem(503, 'Service Unavailable', `Your key could not be checked because the client registry is unavailable; nothing was done. Send the request again in ${retryAfter} seconds.`, {
      headers: { 'retry-after': retryAfter },
    });
  },
};

export function callerAuth(options: { role: Role }): MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> {
  const callerAuthBefore: MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult>['before'] = (request) => {
    const found = callerOfRequest(request.event.requestContext?.authorizer);
    if (!found.known) {
      if (found.refused === 'no-key-check') {
        logger.error('a request reached a function without the key check; is the route behind the authorizer?');
        throw new HttpProblem(500, 'Internal Server Error', 'The API is misconfigured: this route has no key check. Tell the operators of this API.');
      }
      const refusal = REFUSALS[found.refused];
      throw typeof refusal === 'function' ? refusal() : refusal;
    }
    if (options.role === 'admin' && found.caller.role !== 'admin') {
      throw new HttpProblem(403, 'Forbidden', 'This route needs an admin key; the key you sent is a client key.');
    }
    // Dropped when the invocation ends (lambdaLogging, resetKeys): a warm container serves many callers.
    logger.appendKeys(found.caller.role === 'client' ? { clientId: found.caller.clientId } : { admin: found.caller.name });
  };
  return { before: callerAuthBefore };
}

/** The caller of a request that passed callerAuth. */
export function callerOf(event: Pick<APIGatewayProxyEvent, 'requestContext'>): Caller {
  const found = callerOfRequest(event.requestContext?.authorizer);
  if (!found.known) throw new Error('callerOf needs a request that passed callerAuth');
  return found.caller;
}

/** What a submission carries of its caller: a client's id and issuers; nothing for an admin. */
export function submitterOf(caller: Caller): { clientId?: string; allowedIssuers?: readonly string[] } {
  return caller.role === 'client' ? { clientId: caller.clientId, allowedIssuers: caller.issuers } : {};
}

/** Who made the request, for audit lines: the admin's name or the client id. */
export function principalOf(event: Pick<APIGatewayProxyEvent, 'requestContext'>): string {
  const caller = callerOf(event);
  return caller.role === 'admin' ? caller.name : caller.clientId;
}
