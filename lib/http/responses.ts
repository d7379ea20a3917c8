import type { APIGatewayProxyResult } from 'aws-lambda';
import { HttpProblem } from './problem';

/** A JSON response. */
export function jsonResponse(statusCode: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyResult {
  return { statusCode, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

/** The 404 problem for a resource that is not there, saying what was looked for. */
export function notFound(detail: string): HttpProblem {
  return new HttpProblem(404, 'Not Found', detail);
}
