/**
 * The API's key check, fed AWS's saved REQUEST authorizer event: what it answers API Gateway,
 * and that a function reading that answer admits or refuses the caller as its route says.
 */
import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { createAuthorizeRequestHandler } from '../../../handlers/http/authorize-request';
import { cachedKeyLookup } from '../../../lib/adapters/cached-key-lookup';
import { apiKeyHash } from '../../../lib/domain/client';
import { callerAuth } from '../../../lib/middlewares/caller-auth';
import { problemJsonErrors } from '../../../lib/middlewares/problem-json-errors';
import { adminKeysOf } from '../../../lib/use-cases/clients/identify-caller';
import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { apiGatewayEvent, lambdaContext } from '../../helpers/api-gateway-event';
import { savedAwsEvent } from '../../helpers/aws-events';
import { InMemoryClientRegistry } from '../../helpers/in-memory-ports';

function setup() {
  const registry = new InMemoryClientRegistry();
  void registry.add({ clientId: 'cl-acme', name: 'Acme', issuers: ['B12345678'], status: 'ACTIVE', tier: 'standard', createdAt: 't', keyHash: apiKeyHash('acme-key'), keyCreatedAt: 't', usageKey: 'usage-acme' });
  const deps = { registry, adminKeys: adminKeysOf(['alice=admin-key']), now: () => new Date(), usageKeyOf: (plan: string) => `usage-${plan}` };
  return { registry, authorize: createAuthorizeRequestHandler(async () => deps) };
}

function requestWith(headers: Record<string, string>): APIGatewayRequestAuthorizerEvent {
  const event = savedAwsEvent<APIGatewayRequestAuthorizerEvent>('api-gateway-authorizer-request');
  const { Authorization: _authorization, ...rest } = event.headers ?? {};
  return { ...event, headers: { ...rest, ...headers } };
}

/** A route's function behind API Gateway: it gets the authorizer's context and principalId. */
async function callRoute(role: 'client' | 'admin', result: APIGatewayAuthorizerResult): Promise<APIGatewayProxyResult> {
  const route = middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
    .use(problemJsonErrors())
    .use(callerAuth({ role }))
    .handler(async () => ({ statusCode: 200, body: 'ok' }));
  const requestContext = { authorizer: { principalId: result.principalId, integrationLatency: 42, ...result.context } } as unknown as APIGatewayProxyEvent['requestContext'];
  return route(apiGatewayEvent({ requestContext }), lambdaContext);
}

describe('authorizeRequest, with AWS\'s saved REQUEST authorizer event', () => {
  it('names a client from its x-api-key and puts it under its own usage key', async () => {
    // Act
    const result = await setup().authorize(requestWith({ 'X-Api-Key': 'acme-key' }));

    // Assess: AWS API Gateway DG "Output from an API Gateway Lambda authorizer"
    expect(result).toEqual({
      principalId: 'cl-acme',
      policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: 'arn:aws:execute-api:eu-west-1:123456789012:puhdx84jy9/prod/*' }] },
      context: { role: 'client', clientId: 'cl-acme', name: 'Acme', issuers: 'B12345678', usagePlan: 'standard', usageKey: 'usage-acme' },
      usageIdentifierKey: 'usage-acme',
    });
    expect(Object.values(result.context ?? {}).every((value) => typeof value === 'string')).toBe(true);
  });

  it('takes an admin key as Authorization: Bearer', async () => {
    const result = await setup().authorize(requestWith({ Authorization: 'Bearer admin-key' }));

    expect(result).toMatchObject({ principalId: 'alice', context: { role: 'admin', name: 'alice' }, usageIdentifierKey: 'usage-admin' });
  });

  it.each([
    [{}, 'missing'],
    [{ 'x-api-key': 'guess' }, 'unknown'],
    [{ Authorization: 'Basic abc' }, 'missing'],
  ])('lets %j through as anonymous, refused as %s, under the anonymous usage plan', async (headers, refused) => {
    const result = await setup().authorize(requestWith(headers));

    expect(result).toMatchObject({ principalId: 'anonymous', context: { role: 'none', refused }, usageIdentifierKey: 'usage-anonymous' });
  });

  it.each([
    ['client', { 'x-api-key': 'acme-key' }, 200],
    ['admin', { 'x-api-key': 'acme-key' }, 403],
    ['admin', { 'x-api-key': 'admin-key' }, 200],
    ['client', { 'x-api-key': 'admin-key' }, 200],
    ['client', {}, 401],
    ['client', { 'x-api-key': 'guess' }, 403],
  ] as const)('has a %s route answer %j with %d', async (role, headers, status) => {
    const result = await setup().authorize(requestWith(headers));

    expect((await callRoute(role, result)).statusCode).toBe(status);
  });
});

describe('cachedKeyLookup', () => {
  it('remembers a found client for its time, and never an unknown key', async () => {
    // Prepare
    const { registry } = setup();
    let now = 0;
    const lookup = cachedKeyLookup(registry, { ttlMs: 60_000, staleForMs: 3_600_000 }, () => now);

    // Act
    await lookup.findByKeyHash(apiKeyHash('acme-key'));
    await lookup.findByKeyHash(apiKeyHash('acme-key'));
    await lookup.findByKeyHash(apiKeyHash('guess'));
    await lookup.findByKeyHash(apiKeyHash('guess'));
    now = 60_001;
    await lookup.findByKeyHash(apiKeyHash('acme-key'));

    // Assess
    expect(registry.lookups).toBe(4);
  });

  it('keeps a key it found working while the registry is down, up to its stale time, and no longer', async () => {
    // Prepare
    const { registry } = setup();
    let now = 0;
    const lookup = cachedKeyLookup(registry, { ttlMs: 60_000, staleForMs: 3_600_000 }, () => now);
    await lookup.findByKeyHash(apiKeyHash('acme-key'));
    registry.failing = true;

    // Act
    now = 120_000;
    const during = await lookup.findByKeyHash(apiKeyHash('acme-key'));
    now = 3_600_001;

    // Assess
    expect(during?.clientId).toBe('cl-acme');
    await expect(lookup.findByKeyHash(apiKeyHash('acme-key'))).rejects.toThrow('unreachable');
    await expect(lookup.findByKeyHash(apiKeyHash('guess'))).rejects.toThrow('unreachable');
  });
});
