import type { APIGatewayProxyEvent } from 'aws-lambda';

/**
 * A path parameter as the client meant it. API Gateway and serverless-offline differ in
 * whether they decode %XX (an invoice number may hold an encoded '/'), so decode when the
 * value is still encoded and keep it when it is not.
 */
export function pathParameter(event: Pick<APIGatewayProxyEvent, 'pathParameters'>, name: string): string {
  const value = event.pathParameters?.[name] ?? '';
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
