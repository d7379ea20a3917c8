import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import type { Caller } from '../../lib/domain/caller';
import { authorizerContextOf } from '../../lib/http/authorizer-context';
import type { Identification, RefusedKey } from '../../lib/use-cases/clients/identify-caller';

/** A REST API (v1) proxy event as API Gateway and serverless-offline send it. */
export function apiGatewayEvent(overrides: Partial<APIGatewayProxyEvent> = {}): APIGatewayProxyEvent {
  return {
    body: null,
    headers: {},
    multiValueHeaders: {},
    httpMethod: 'POST',
    isBase64Encoded: false,
    path: '/invoices',
    pathParameters: null,
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    stageVariables: null,
    requestContext: {} as APIGatewayProxyEvent['requestContext'],
    resource: '/invoices',
    ...overrides,
  };
}

export const lambdaContext = {
  awsRequestId: 'test-request',
  functionName: 'test',
  getRemainingTimeInMillis: () => 30_000,
} as unknown as Context;

/**
 * The requestContext API Gateway hands a function after the key check named this caller
 * (or refused the key): the authorizer's principalId and context, as authorizerContextOf writes them.
 */
export function authorizedContext(caller: Caller | { refused: RefusedKey }): APIGatewayProxyEvent['requestContext'] {
  const identification: Identification =
    'refused' in caller ? { identified: false, refused: caller.refused } : { identified: true, caller, usage: { plan: caller.role === 'admin' ? 'admin' : 'standard' } };
  const { principalId, context } = authorizerContextOf(identification);
  return { authorizer: { principalId, integrationLatency: 42, ...context } } as unknown as APIGatewayProxyEvent['requestContext'];
}

export const DEMO_CALLER: Caller = { role: 'client', clientId: 'demo', name: 'Demo client', issuers: ['*'] };
export const ADMIN_CALLER: Caller = { role: 'admin', name: 'alice' };
