/**
 * Invokes a function through serverless-offline's Lambda Invoke API (the API the AWS SDK
 * calls), so the handler runs exactly as serverless-offline runs it, and returns what the
 * function returned: an SQS trigger with ReportBatchItemFailures needs it. Shared by the
 * Kafka and SQS triggers.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';

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
 * The SDK's own Lambda client, pointed at serverless-offline: the request, the function
 * error header (X-Amz-Function-Error) and the payload are read exactly as an AWS caller
 * reads them. One attempt: the trigger applies the mapping's retry rules itself.
 *
 * @example
 * const invoke = lambdaResultInvoker('http://127.0.0.1:3002', 'invoice-pipeline-local-quarantineInvalid');
 * const result = await invoke(event); // e.g. { batchItemFailures: [] }
 */
export function lambdaResultInvoker<TEvent>(endpoint: string, functionName: string): InvokeFunction<TEvent> {
  const lambda = new LambdaClient({
    endpoint,
    region: process.env.AWS_REGION ?? 'us-east-1',
    // serverless-offline checks no signature; the SDK still needs something to sign with.
    credentials: { accessKeyId: 'offline', secretAccessKey: 'offline' },
    maxAttempts: 1,
  });
  return async (event) => {
    const response = await lambda
      .send(new InvokeCommand({ FunctionName: functionName, InvocationType: 'RequestResponse', Payload: Buffer.from(JSON.stringify(event)) }))
      .catch((error: unknown) => {
        throw new Error(`${functionName} could not be invoked: ${error instanceof Error ? error.message : String(error)}`);
      });
    const payload = parsePayload(Buffer.from(response.Payload ?? new Uint8Array()).toString('utf8'));
    if (response.FunctionError) throw new Error(`${functionName} failed (${response.FunctionError}): ${errorMessageOf(payload)}`);
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
    const { errorMessage } = payload as { errorMessage?: unknown };
    if (typeof errorMessage === 'string') return errorMessage;
  }
  return JSON.stringify(payload ?? '').slice(0, 500);
}
