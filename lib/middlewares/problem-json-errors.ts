/**
 * Turns every error of an HTTP handler into application/problem+json. HttpProblem
 * shows its detail to the client; anything else is logged and hidden behind a generic
 * 500, so internals never leak.
 */
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import {
  IdempotencyAlreadyInProgressError,
  IdempotencyPersistenceLayerError,
  IdempotencyValidationError,
} from '@aws-lambda-powertools/idempotency';
import { getConfig } from '../config';
import {
  BadRequestError,
  ConflictError,
  InvalidSubmissionError,
  IssuerNotAllowedError,
  NotFoundError,
  PublisherUnavailableError,
  ResendRejectedError,
  StoreUnavailableError,
} from '../errors';
import { HttpProblem, PROBLEM_CONTENT_TYPE, problemBody } from '../http/problem';
import { logger } from '../observability';

export function problemJsonErrors(): MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> {
  const problemJsonErrorsOnError: MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult>['onError'] = (
    request,
  ) => {
    const problem = asProblem(request.error);
    request.response = {
      statusCode: problem.status,
      headers: { ...request.response?.headers, 'content-type': PROBLEM_CONTENT_TYPE, ...problem.headers },
      body: JSON.stringify(problemBody(problem, request.event.path)),
    };
  };
  return { onError: problemJsonErrorsOnError };
}

function asProblem(error: unknown): HttpProblem {
  if (error instanceof HttpProblem) return error;
  if (error instanceof InvalidSubmissionError || error instanceof BadRequestError) return new HttpProblem(400, 'Bad Request', error.message);
  if (error instanceof NotFoundError) return new HttpProblem(404, 'Not Found', error.message);
  if (error instanceof IssuerNotAllowedError) {
    return new HttpProblem(403, 'Forbidden', error.message, { extensions: { issuerTaxId: error.issuerTaxId, allowedIssuers: error.allowedIssuers } });
  }
  if (error instanceof ConflictError) return new HttpProblem(409, 'Conflict', error.message);
  if (error instanceof ResendRejectedError) {
    return new HttpProblem(422, 'Unprocessable Content', error.message, { extensions: { reasons: error.reasons } });
  }
  if (error instanceof PublisherUnavailableError) {
    logger.warn('Kafka unavailable; answering 503', { error });
    return unavailable('the message broker is unavailable');
  }
  if (error instanceof IdempotencyAlreadyInProgressError) {
    return new HttpProblem(409, 'Conflict', 'A request with this Idempotency-Key is still being processed; send it again in a moment to get its answer.', {
      headers: { 'retry-after': '1' },
    });
  }
  if (error instanceof IdempotencyValidationError) {
    return new HttpProblem(422, 'Unprocessable Content', 'This Idempotency-Key was used with another body; nothing was published. Use a new key for a new request, or send exactly the first body again to get its answer.');
  }
  if (error instanceof StoreUnavailableError || error instanceof IdempotencyPersistenceLayerError) {
    logger.warn('a store is unavailable; answering 503', { error });
    return unavailable('a data store is unavailable');
  }
  logger.error('Unhandled error in HTTP handler', { error: error as Error });
  return new HttpProblem(500, 'Internal Server Error', 'Something went wrong on our side; try again or contact the operators.');
}

function unavailable(cause: string): HttpProblem {
  const retryAfter = String(getConfig().RETRY_AFTER_SECONDS);
  return new HttpProblem(503, 'Service Unavailable', `The request was not carried out because ${cause}; nothing was stored. Send it again in ${retryAfter} seconds.`, {
    headers: { 'retry-after': retryAfter },
  });
}
