/** Calls the local HTTP API the way a client does. */
import { LOCAL_API_URL } from '../../localstack/local-env';
import { waitFor } from './wait-for';

export const CLIENT_KEY = 'local-api-key';
export const ADMIN_KEY = 'local-admin-key';

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

export async function callApi<T = Record<string, unknown>>(
  method: 'GET' | 'POST',
  path: string,
  options: { body?: string | Buffer; headers?: Record<string, string>; key?: string | null; baseUrl?: string } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}), ...options.headers };
  if (options.key !== null) headers['x-api-key'] = options.key ?? CLIENT_KEY;
  const response = await fetch(`${options.baseUrl ?? LOCAL_API_URL}${path}`, { method, headers, ...(options.body !== undefined ? { body: options.body } : {}) });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON (an HTML page, an empty body): keep the text.
  }
  return { status: response.status, headers: response.headers, body: body as T };
}

export interface MessageStatusBody {
  messageId: string;
  status: string;
  reasons?: Array<{ category: string; code: string; path: string; message: string }>;
  [field: string]: unknown;
}

/**
 * Polls GET /messages/{id} until the validator has decided (the status is no longer ACCEPTED).
 * A record produced straight to the topic has no client: only an admin key sees it.
 */
export async function waitForOutcome(messageId: string, timeoutMs = 60_000, key = CLIENT_KEY, baseUrl = LOCAL_API_URL): Promise<MessageStatusBody> {
  return waitFor(
    async () => {
      const response = await callApi<MessageStatusBody>('GET', `/messages/${messageId}`, { key, baseUrl });
      return response.status === 200 && response.body.status !== 'ACCEPTED' ? response.body : undefined;
    },
    { timeoutMs, intervalMs: 300, what: `an outcome for message ${messageId}` },
  );
}
