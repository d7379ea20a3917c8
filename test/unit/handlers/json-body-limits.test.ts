import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { jsonBodyLimits } from '../../../lib/middlewares/json-body-limits';
import { problemJsonErrors } from '../../../lib/middlewares/problem-json-errors';
import { apiGatewayEvent, lambdaContext } from '../../helpers/api-gateway-event';

const echo = (optional: boolean) =>
  middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
    .use(problemJsonErrors())
    .use(jsonBodyLimits({ maxBytes: 10, ...(optional ? { optional: true } : {}) }))
    .handler(async () => ({ statusCode: 200, body: 'ok' }));

describe('jsonBodyLimits', () => {
  it.each([
    [false, null, undefined, 415],
    [true, null, undefined, 200],
    [true, '{"a":1}', 'text/plain', 415],
    [true, '{"a":"too long"}', 'application/json', 413],
    [true, '{"a":1}', 'application/json', 200],
  ])('with optional=%p, body %p and content type %p answers %p', async (optional, body, contentType, status) => {
    const event = apiGatewayEvent({ body, headers: contentType ? { 'content-type': contentType } : {} });
    const response = await echo(optional)(event, lambdaContext);
    expect(response.statusCode).toBe(status);
  });
});
