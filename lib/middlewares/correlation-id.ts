/**
 * Keeps the caller's `x-correlation-id` or makes one, so every log line, Kafka header
 * and notification of this request can be tied together. The id is written back into
 * the (normalised, lower-case) request headers for the handler and echoed on the response.
 */
import { randomUUID } from 'node:crypto';
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { logger } from '../observability';

export const CORRELATION_HEADER = 'x-correlation-id';
const MAX_CORRELATION_ID_LENGTH = 128;

/** The events whose correlation id this middleware made (the caller sent none). */
const madeHere = new WeakSet<APIGatewayProxyEvent>();

export function correlationId(): MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> {
  const correlationIdBefore: MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult>['before'] = (request) => {
    const given = request.event.headers?.[CORRELATION_HEADER]?.trim();
    const id = given && given.length <= MAX_CORRELATION_ID_LENGTH ? given : randomUUID();
    if (id !== given) madeHere.add(request.event);
    request.event.headers = { ...request.event.headers, [CORRELATION_HEADER]: id };
    // correlation_id on every line of this invocation; lambdaLogging() drops it when it ends.
    logger.setCorrelationId(id);
  };
  const correlationIdAfter: MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult>['after'] = (request) => {
    const id = request.event.headers?.[CORRELATION_HEADER];
    if (request.response && id) request.response.headers = { ...request.response.headers, [CORRELATION_HEADER]: id };
  };
  const correlationIdOnError: MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult>['onError'] = (request) => {
    correlationIdAfter(request);
  };
  return { before: correlationIdBefore, after: correlationIdAfter, onError: correlationIdOnError };
}

/** The correlation id the middleware settled on for this event. */
export function correlationIdOf(event: APIGatewayProxyEvent): string {
  return event.headers?.[CORRELATION_HEADER] ?? randomUUID();
}

/**
 * The correlation id when this middleware made it (a fresh UUID: the caller sent none), so one
 * message may take it as its own id; undefined when the caller chose it.
 */
export function madeCorrelationIdOf(event: APIGatewayProxyEvent): string | undefined {
  return madeHere.has(event) ? event.headers?.[CORRELATION_HEADER] : undefined;
}
