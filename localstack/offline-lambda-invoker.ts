/**
 * Invokes a function through serverless-offline's Lambda Invoke API (the API the AWS SDK
 * calls), so the handler runs exactly as serverless-offline runs it, and returns what the
 * function returned: an SQS trigger with ReportBatchItemFailures needs it. Shared by the
 * Kafka and SQS triggers.
 */

/** Runs the function with one event; resolves with its result, rejects on a function error. */
export type InvokeFunction<TEvent> = (event: TEvent) => Promise<unknown>;

/** How one invocation ended, as an event source mapping sees it: the function's result, or its error. */
export type InvocationResult = { ok: true; payload: unknown } | { ok: false; error: Error };

/**
 * Runs the function and tells its result from its error, without throwing.
 *
 * @example
 * const result = await invocationResult(invoke, event); // { ok: false, error } on a function error
 */
export async function invocationResult<TEvent>(invoke: InvokeFunction<TEvent>, event: TEvent): Promise<InvocationResult> {
  try {
    return { ok: true, payload: await invoke(event) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error : new Error(String(error)) };
  }
}

/**
 * @example
 * const invoke = lambdaResultInvoker('http://127.0.0.1:3002', 'invoice-pipeline-local-quarantineInvalid');
 * const result = await invoke(event); // e.g. { batchItemFailures: [] }
 */
export function lambdaResultInvoker<TEvent>(endpoint: string, functionName: string): InvokeFunction<TEvent> {
  const url = `${endpoint.replace(/\/$/, '')}/2015-03-31/functions/${encodeURIComponent(functionName)}/invocations`;
  return async (event) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-amz-invocation-type': 'RequestResponse' },
      body: JSON.stringify(event),
    });
    const payload = parsePayload(await response.text());
    const functionError = response.headers.get('x-amz-function-error') ?? response.headers.get('x-amzn-errortype');
    if (!response.ok || functionError) {
      throw new Error(`${functionName} failed (${functionError ?? `HTTP ${response.status}`}): ${errorMessageOf(payload)}`);
    }
    return payload;
  };
}

/** A function that returns nothing gives an empty body; text that is not JSON is passed on as is. */
function parsePayload(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function errorMessageOf(payload: unknown): string {
  if (payload && typeof payload === 'object') {
    const { errorMessage, Message } = payload as { errorMessage?: unknown; Message?: unknown };
    if (typeof errorMessage === 'string') return errorMessage;
    if (typeof Message === 'string') return Message;
  }
  return JSON.stringify(payload ?? '').slice(0, 500);
}
