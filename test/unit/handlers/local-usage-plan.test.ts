/**
 * The local stand-in for API Gateway's usage plans: a token bucket per usage key, with the
 * numbers of lib/resources.json, answering 429 with Retry-After over the rate.
 */
import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { INFRASTRUCTURE } from '../../../lib/infrastructure';
import { localUsagePlan, takeToken, throttleOf } from '../../../lib/middlewares/local-usage-plan';
import { problemJsonErrors } from '../../../lib/middlewares/problem-json-errors';
import { apiGatewayEvent, authorizedContext, lambdaContext } from '../../helpers/api-gateway-event';

describe('takeToken', () => {
  it('allows a burst of burstLimit, then rateLimit per second, and says how long to wait', () => {
    const buckets = new Map();
    const throttle = { rateLimit: 2, burstLimit: 3 };
    const at = (ms: number) => takeToken(buckets, 'k', throttle, ms);

    expect([at(0), at(0), at(0), at(0)]).toEqual([0, 0, 0, 1]);
    expect(at(500)).toBe(0);
    expect(at(500)).toBe(1);
    expect(takeToken(buckets, 'other', throttle, 500)).toBe(0);
  });
});

describe('throttleOf', () => {
  it('takes each plan\'s numbers from lib/resources.json', () => {
    const { clients } = INFRASTRUCTURE;
    expect(throttleOf('standard')).toEqual(clients.tiers.standard);
    expect(throttleOf('bulk')).toEqual(clients.tiers.bulk);
    expect(throttleOf('admin')).toEqual(clients.adminUsagePlan);
    expect(throttleOf('anonymous')).toEqual(clients.anonymousUsagePlan);
  });
});

describe('localUsagePlan', () => {
  it('answers 429 problem+json with Retry-After once a client is over its burst, and other clients go on', async () => {
    // Prepare
    let now = 1_000_000;
    const handler = middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
      .use(problemJsonErrors())
      .use(localUsagePlan({ enabled: true, now: () => now }))
      .handler(async () => ({ statusCode: 200, body: 'ok' }));
    const asClient = (clientId: string) => apiGatewayEvent({ requestContext: authorizedContext({ role: 'client', clientId, name: clientId, issuers: ['*'] }) });
    const { burstLimit } = INFRASTRUCTURE.clients.tiers.standard;

    // Act
    const statuses: number[] = [];
    for (let request = 0; request <= burstLimit; request += 1) statuses.push((await handler(asClient(`cl-burst-${now}`), lambdaContext)).statusCode);
    const over = await handler(asClient(`cl-burst-${now}`), lambdaContext);
    const other = await handler(asClient(`cl-other-${now}`), lambdaContext);
    now += 1000;
    const later = await handler(asClient(`cl-burst-${1_000_000}`), lambdaContext);

    // Assess
    expect(statuses.filter((status) => status === 200)).toHaveLength(burstLimit);
    expect(over).toMatchObject({ statusCode: 429, headers: expect.objectContaining({ 'retry-after': '1', 'content-type': 'application/problem+json' }) });
    expect(other.statusCode).toBe(200);
    expect(later.statusCode).toBe(200);
  });
});
