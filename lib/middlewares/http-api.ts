/**
 * The middleware stack every HTTP route shares, in order: Lambda's context on the log lines,
 * lower-case headers, correlation id, problem+json errors, the usage plan's rate (locally; API Gateway's own deployed), the
 * caller the key check named (for the route's role), and for
 * routes with a body, the JSON content type and size limit.
 */
import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { lambdaLogging } from '../observability';
import { callerAuth, type Role } from './caller-auth';
import { localUsagePlan } from './local-usage-plan';
import { correlationId } from './correlation-id';
import { jsonBodyLimits } from './json-body-limits';
import { problemJsonErrors } from './problem-json-errors';

export type HttpHandler = (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>;

export interface HttpApiOptions {
  role: Role;
  /** Routes that take a JSON body: its size limit in bytes. */
  maxBodyBytes?: number;
  /** The body may be left out (it is then not checked). */
  bodyOptional?: boolean;
}

/**
 * @example
 * export const handler = httpApi({ role: 'client' }).handler(getMessageHandler);
 */
export function httpApi(options: HttpApiOptions) {
  const stack = middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
    .use(lambdaLogging())
    .use(httpHeaderNormalizer())
    .use(correlationId())
    .use(problemJsonErrors())
    .use(localUsagePlan())
    .use(callerAuth({ role: options.role }));
  if (options.maxBodyBytes === undefined) return stack;
  return stack.use(jsonBodyLimits({ maxBytes: options.maxBodyBytes, ...(options.bodyOptional ? { optional: true } : {}) }));
}
