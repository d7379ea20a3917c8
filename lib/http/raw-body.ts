import type { APIGatewayProxyEvent } from 'aws-lambda';

/** The request body as the client sent it, as bytes (API Gateway base64-encodes binary bodies). */
export function rawBody(event: Pick<APIGatewayProxyEvent, 'body' | 'isBase64Encoded'>): Buffer {
  if (event.body === null || event.body === undefined) return Buffer.alloc(0);
  return Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
}
