import type { APIGatewayProxyEvent } from 'aws-lambda';

/**
 * The request body as the client sent it, as bytes (API Gateway base64-encodes binary
 * bodies). API Gateway always gives a string; serverless-offline hands over a JSON body that
 * is a bare literal (`false`, `42`) already parsed, so that is turned back into its text.
 */
export function rawBody(event: Pick<APIGatewayProxyEvent, 'body' | 'isBase64Encoded'>): Buffer {
  const body: unknown = event.body;
  if (body === null || body === undefined) return Buffer.alloc(0);
  if (typeof body !== 'string') return Buffer.from(JSON.stringify(body), 'utf8');
  return Buffer.from(body, event.isBase64Encoded ? 'base64' : 'utf8');
}
