/**
 * The admin API over HTTP, for the CLI: every call sends the admin key as a bearer token
 * and turns a problem+json answer into an AdminApiError that carries its detail and reasons.
 */
export interface Reason {
  category: string;
  code: string;
  path: string;
  message: string;
}

export interface InvalidInvoiceSummary {
  messageId: string;
  status: string;
  correlationId: string;
  clientId?: string;
  issuerTaxId?: string;
  invoiceNumber?: string;
  quarantinedAt: string;
  category: string;
  codes: string[];
  reasons: Reason[];
  resentAs?: string;
}

export interface InvalidInvoice extends InvalidInvoiceSummary {
  source: { topic: string; partition: number; offset: string; timestamp: string; key: string | null };
  payload: string;
  payloadEncoding: 'utf8' | 'base64';
  history: Array<Record<string, unknown> & { at: string; action: string }>;
}

export interface ListFilter {
  status?: string;
  clientId?: string;
  category?: string;
  code?: string;
  from?: string;
  to?: string;
}

/** A client of the API as the admin routes show it (never its key, except once when made). */
export interface ApiClient {
  clientId: string;
  name: string;
  issuers: string[];
  status: 'ACTIVE' | 'REVOKED';
  tier: string;
  createdAt: string;
  revokedAt?: string;
  keyCreatedAt: string;
  previousKeyValidUntil?: string;
}

export class AdminApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly reasons: Reason[] = [],
  ) {
    super(message);
    this.name = 'AdminApiError';
  }
}

export class AdminApiClient {
  constructor(
    private readonly baseUrl: string,
    private readonly adminKey: string,
  ) {}

  async list(filter: ListFilter, page: { limit?: number; cursor?: string } = {}): Promise<{ items: InvalidInvoiceSummary[]; nextCursor?: string }> {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries({ ...filter, ...page })) if (value !== undefined) query.set(name, String(value));
    return this.call('GET', `/admin/invalid-invoices?${query.toString()}`);
  }

  /** Every entry that matches, following the cursor to the end. */
  async listAll(filter: ListFilter): Promise<InvalidInvoiceSummary[]> {
    const items: InvalidInvoiceSummary[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.list(filter, { limit: 100, ...(cursor ? { cursor } : {}) });
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  }

  show(messageId: string): Promise<InvalidInvoice> {
    return this.call('GET', `/admin/invalid-invoices/${encodeURIComponent(messageId)}`);
  }

  resend(messageId: string, correctedBody?: string): Promise<{ newMessageId: string }> {
    return this.call('POST', `/admin/invalid-invoices/${encodeURIComponent(messageId)}/resend`, correctedBody);
  }

  discard(messageId: string, note: string): Promise<InvalidInvoice> {
    return this.call('POST', `/admin/invalid-invoices/${encodeURIComponent(messageId)}/discard`, JSON.stringify({ note }));
  }

  registerClient(request: { name: string; issuers: string[]; tier?: string }): Promise<ApiClient & { apiKey: string }> {
    return this.call('POST', '/admin/clients', JSON.stringify(request));
  }

  listClients(): Promise<{ items: ApiClient[] }> {
    return this.call('GET', '/admin/clients');
  }

  revokeClient(clientId: string): Promise<ApiClient> {
    return this.call('POST', `/admin/clients/${encodeURIComponent(clientId)}/revoke`);
  }

  rotateClientKey(clientId: string): Promise<ApiClient & { apiKey: string }> {
    return this.call('POST', `/admin/clients/${encodeURIComponent(clientId)}/rotate`);
  }

  private async call<T>(method: 'GET' | 'POST', path: string, body?: string): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl.replace(/\/$/, '')}${path}`, {
        method,
        headers: { authorization: `Bearer ${this.adminKey}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body } : {}),
      });
    } catch (error) {
      throw new AdminApiError(0, `cannot reach ${this.baseUrl} (${(error as Error).message}); is the API running?`);
    }
    const text = await response.text();
    const json = text ? (JSON.parse(text) as unknown) : undefined;
    if (!response.ok) {
      const problem = (json ?? {}) as { title?: string; detail?: string; reasons?: Reason[] };
      throw new AdminApiError(response.status, `${response.status} ${problem.title ?? ''}: ${problem.detail ?? text}`.trim(), problem.reasons ?? []);
    }
    return json as T;
  }
}
