/**
 * The middleware stack every HTTP route shares, in order: lower-case headers, correlation
 * id, problem+json errors, the key check for the route's role, and for routes with a body,
 * the JSON content type and size limit.
 */
import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { getConfig } from '../config';
import { apiKeyAuth, type Role } from './api-key-auth';
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
  const config = getConfig();
  const stack = middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
    .use(httpHeaderNormalizer())
    .use(correlationId())
    .use(problemJsonErrors())
    .use(apiKeyAuth({ role: options.role, clientKeys: config.CLIENT_API_KEYS, adminKeys: config.ADMIN_API_KEYS }));
  if (options.maxBodyBytes === undefined) return stack;
  return stack.use(jsonBodyLimits({ maxBytes: options.maxBodyBytes, ...(options.bodyOptional ? { optional: true } : {}) }));
}
