/**
 * The admin API client, of the console and of the CLI (cli/admin): every call sends the admin key as
 * `Authorization: Bearer <key>`, checks the answer's shape, and turns a failure into an
 * AdminApiError whose message is the problem's `detail`, ready to show to a person.
 */
import type { z } from 'zod';
import {
  clientListSchema,
  clientSchema,
  clientWithKeySchema,
  invalidInvoiceCountsSchema,
  invalidInvoicePageSchema,
  invalidInvoiceSchema,
  messageStatusSchema,
  messageTraceSchema,
  problemSchema,
  resendReceiptSchema,
  type ApiClient,
  type ApiClientWithKey,
  type ApiReason,
  type InvalidInvoice,
  type InvalidInvoiceCounts,
  type InvalidInvoicePage,
  type MessageTrace,
} from './admin-api-schemas';
import { countsQuery, listQuery, type ListFilters } from './list-query';
import { traceSearch, type TraceQuery } from './trace-query';

/** A call that did not succeed: `status` 0 when the API could not be reached at all. */
export class AdminApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly reasons: readonly ApiReason[] = [],
  ) {
    super(message);
    this.name = 'AdminApiError';
  }
}

export interface AdminApiOptions {
  /** The path the routes hang from: "/" locally, "/dev/" behind an API Gateway stage. */
  base: string;
  /** The admin key to send; read on every call, so logging out takes effect at once. */
  key: () => string | undefined;
  fetch?: typeof fetch;
}

export interface AdminApi {
  list(filters: ListFilters, cursor?: string, limit?: number): Promise<InvalidInvoicePage>;
  counts(status: string): Promise<InvalidInvoiceCounts>;
  get(messageId: string): Promise<InvalidInvoice>;
  /** Without `correctedJson`, the original payload is resent as is. */
  resend(messageId: string, correctedJson?: string): Promise<{ newMessageId: string }>;
  discard(messageId: string, note: string): Promise<InvalidInvoice>;
  messageStatus(messageId: string): Promise<{ status: string }>;
  /** The message explorer: the messages of a message id (its whole correlation), a correlation id or an invoice, with their timelines. */
  trace(query: TraceQuery): Promise<MessageTrace>;
  clients(): Promise<ApiClient[]>;
  registerClient(request: { name: string; issuers: string[]; tier?: string }): Promise<ApiClientWithKey>;
  revokeClient(clientId: string): Promise<ApiClient>;
  rotateClientKey(clientId: string): Promise<ApiClientWithKey>;
}

/**
 * The base path of the API for the page's own path: the console is served at `<base>admin`.
 *
 * @example
 * apiBase('/admin')      // '/'
 * apiBase('/dev/admin/') // '/dev/'
 */
export function apiBase(pagePath: string): string {
  const match = /^(.*\/)admin\/?$/.exec(pagePath);
  return match?.[1] ?? '/';
}

/**
 * A client for the admin routes.
 *
 * @example
 * const api = adminApi({ base: apiBase(location.pathname), key: () => sessionStorage.getItem('key') ?? undefined });
 * const page = await api.list({ ...NO_FILTERS, status: 'PENDING' });
 */
export function adminApi(options: AdminApiOptions): AdminApi {
  const send = options.fetch ?? ((input, init) => fetch(input, init));

  async function call<S extends z.ZodType>(schema: S, method: 'GET' | 'POST', path: string, body?: string): Promise<z.output<S>> {
    const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
    const key = options.key();
    if (key) headers.authorization = `Bearer ${key}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await send(`${options.base}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
    } catch (error) {
      throw new AdminApiError(`The API could not be reached (${error instanceof Error ? error.message : String(error)}); check the connection and try again.`, 0);
    }
    const answer = await readJson(response);
    if (!response.ok) throw problemError(response, answer);
    const parsed = schema.safeParse(answer);
    if (!parsed.success) {
      throw new AdminApiError(`The API answered ${method} ${path} in a shape this console does not know: ${parsed.error.issues[0]?.message ?? 'unexpected'}.`, response.status);
    }
    return parsed.data;
  }

  const invoicePath = (messageId: string) => `admin/invalid-invoices/${encodeURIComponent(messageId)}`;
  return {
    list: (filters, cursor, limit) => call(invalidInvoicePageSchema, 'GET', `admin/invalid-invoices?${listQuery(filters, cursor, limit)}`),
    counts: (status) => call(invalidInvoiceCountsSchema, 'GET', `admin/invalid-invoice-counts${countsQuery(status)}`),
    get: (messageId) => call(invalidInvoiceSchema, 'GET', invoicePath(messageId)),
    resend: (messageId, correctedJson) => call(resendReceiptSchema, 'POST', `${invoicePath(messageId)}/resend`, correctedJson),
    discard: (messageId, note) => call(invalidInvoiceSchema, 'POST', `${invoicePath(messageId)}/discard`, JSON.stringify({ note })),
    messageStatus: (messageId) => call(messageStatusSchema, 'GET', `messages/${encodeURIComponent(messageId)}`),
    trace: (query) => call(messageTraceSchema, 'GET', `admin/message-trace?${traceSearch(query)}`),
    clients: async () => (await call(clientListSchema, 'GET', 'admin/clients')).items,
    registerClient: (request) => call(clientWithKeySchema, 'POST', 'admin/clients', JSON.stringify(request)),
    revokeClient: (clientId) => call(clientSchema, 'POST', `admin/clients/${encodeURIComponent(clientId)}/revoke`),
    rotateClientKey: (clientId) => call(clientWithKeySchema, 'POST', `admin/clients/${encodeURIComponent(clientId)}/rotate`),
  };
}

/**
 * The error to show for a failed answer: the problem's `detail` when it has one, else its
 * title or the HTTP status; the reasons of a 422 come along for the view to list.
 *
 * @example
 * problemError({ status: 409, statusText: 'Conflict' }, { detail: 'It is RESENT, not PENDING.' }).message // 'It is RESENT, not PENDING.'
 */
export function problemError(response: Pick<Response, 'status' | 'statusText'>, answer: unknown): AdminApiError {
  const problem = problemSchema.safeParse(answer);
  const fallback = `The API answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}.`;
  if (!problem.success) return new AdminApiError(fallback, response.status);
  const message = problem.data.detail ?? problem.data.title ?? fallback;
  return new AdminApiError(message, response.status, problem.data.reasons ?? []);
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text; // Not JSON (a gateway's HTML error page): the caller reports the status instead.
  }
}
