/**
 * Invokes a function through serverless-offline's Lambda Invoke API (the same API the
 * AWS SDK calls), so the handler runs exactly as serverless-offline runs it.
 * A function error (thrown or rejected) becomes a rejected promise here.
 */
import type { InvokeHandler } from './kafka-trigger-member';

export function lambdaInvoker(endpoint: string, functionName: string): InvokeHandler {
  const url = `${endpoint.replace(/\/$/, '')}/2015-03-31/functions/${encodeURIComponent(functionName)}/invocations`;
  return async (event) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-amz-invocation-type': 'RequestResponse' },
      body: JSON.stringify(event),
    });
    const text = await response.text();
    const functionError = response.headers.get('x-amz-function-error') ?? response.headers.get('x-amzn-errortype');
    if (!response.ok || functionError) {
      throw new Error(`${functionName} failed (${functionError ?? `HTTP ${response.status}`}): ${errorMessageOf(text)}`);
    }
  };
}

function errorMessageOf(payload: string): string {
  try {
    const parsed = JSON.parse(payload) as { errorMessage?: string; Message?: string };
    return parsed.errorMessage ?? parsed.Message ?? payload.slice(0, 500);
  } catch {
    return payload.slice(0, 500);
  }
}
