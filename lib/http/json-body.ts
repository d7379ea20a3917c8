/** The JSON body of a request; a body that is not JSON is a 400 that shows what to send. */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { BadRequestError } from '../errors';
import { rawBody } from './raw-body';

/**
 * @example
 * const request = jsonBodyOf(event, '{"note": "why it is discarded"}'); // 400 "Send {"note": ...} as JSON." otherwise
 */
export function jsonBodyOf(event: APIGatewayProxyEvent, expected: string): unknown {
  try {
    return JSON.parse(rawBody(event).toString('utf8')) as unknown;
  } catch {
    throw new BadRequestError(`Send ${expected} as JSON.`);
  }
}
