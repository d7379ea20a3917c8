/**
 * Property-based fuzzing of the running HTTP API with fast-check: 2,000 generated requests
 * (routes, keys of several clients and an admin, content types, bodies from valid invoices
 * with fields broken to random JSON, random text and bytes, odd path parameters, and the ids
 * of another client's invoice and messages). Whatever comes in: no 5xx but the documented 503
 * with Retry-After, every error is application/problem+json with a detail, no answer shows a
 * client anything of another client's, and the API still answers afterwards.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LOCAL_API_URL } from '../../localstack/local-env';
import { registerTestClient, type TestClient } from '../helpers/clients';
import { ADMIN_KEY, CLIENT_KEY, callApi, waitForOutcome } from '../helpers/local-api';
import { uniqueName } from '../helpers/wait-for';

const RUNS = 2_000;
/** The demo client of the local stack, whose key is CLIENT_KEY. */
const DEMO_CLIENT_ID = 'demo';
const validInvoice = JSON.parse(readFileSync(path.join(__dirname, '../fixtures/valid-basic.json'), 'utf8')) as Record<string, unknown>;

interface FuzzRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

const segment = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('...', '%', '%2F', 'F-1/2', 'ñ', ' ', 'a'.repeat(300)));
// '.' and '..' (even encoded) are dot segments the client resolves into another route, so they are not ours to test.
const encoded = segment.filter((value) => value !== '.' && value !== '..').map((value) => encodeURIComponent(value) || 'x');

/** A valid invoice with some fields replaced by anything JSON can hold. */
const brokenInvoice = fc
  .record({ paths: fc.array(fc.constantFrom('invoiceNumber', 'issueDate', 'currency', 'issuer', 'customer', 'lines', 'totals', 'dueDate', 'extra'), { maxLength: 4 }), value: fc.jsonValue({ maxDepth: 3 }) })
  .map(({ paths, value }) => JSON.stringify(Object.fromEntries([...Object.entries(validInvoice), ...paths.map((field) => [field, value])])));

const body = fc.oneof(
  brokenInvoice,
  fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)),
  fc.string({ maxLength: 200 }),
  fc.uint8Array({ maxLength: 200 }),
  fc.array(brokenInvoice, { maxLength: 5 }).map((items) => `[${items.join(',')}]`),
  fc.constant(''),
);

/** What belongs to one client (acme) and must never show to another. */
interface Owned {
  messageIds: string[];
  invoicePath: string;
}

const routesTo = (owned: Owned) => [
  fc.constantFrom(...owned.messageIds).map((id) => ({ method: 'GET' as const, path: `/messages/${id}` })),
  fc.constant({ method: 'GET' as const, path: owned.invoicePath }),
];

const baseRoutes = [
  fc.constant({ method: 'POST' as const, path: '/invoices' }),
  fc.constant({ method: 'POST' as const, path: '/invoices/batch' }),
  encoded.map((id) => ({ method: 'GET' as const, path: `/messages/${id}` })),
  fc.tuple(encoded, encoded).map(([tax, number]) => ({ method: 'GET' as const, path: `/invoices/${tax}/${number}` })),
  fc.constant({ method: 'GET' as const, path: '/admin/invalid-invoices' }),
  fc.record({ status: fc.string({ maxLength: 12 }), limit: fc.oneof(fc.integer(), fc.string({ maxLength: 5 })), cursor: fc.string({ maxLength: 30 }) }).map((query) => ({
    method: 'GET' as const,
    path: `/admin/invalid-invoices?${new URLSearchParams({ status: query.status, limit: String(query.limit), cursor: query.cursor }).toString()}`,
  })),
  encoded.map((id) => ({ method: 'GET' as const, path: `/admin/invalid-invoices/${id}` })),
  encoded.map((id) => ({ method: 'POST' as const, path: `/admin/invalid-invoices/${id}/resend` })),
  encoded.map((id) => ({ method: 'POST' as const, path: `/admin/invalid-invoices/${id}/discard` })),
];

interface Caller {
  key: string | undefined;
  /** The client the key is, if it is a client's. */
  clientId?: string;
}

const requestArbitrary = (owned: Owned, callers: Caller[]): fc.Arbitrary<FuzzRequest & { caller: Caller }> => fc
  .record({
    route: fc.oneof(...baseRoutes, ...routesTo(owned)),
    caller: fc.constantFrom(...callers),
    contentType: fc.constantFrom<string | undefined>('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', undefined),
    body,
    correlationId: fc.option(fc.string({ maxLength: 200 }), { nil: undefined }),
  })
  .map(({ route: target, caller, contentType, body: payload, correlationId }) => ({
    ...target,
    caller,
    headers: {
      ...(caller.key !== undefined ? { 'x-api-key': caller.key } : {}),
      ...(contentType ? { 'content-type': contentType } : {}),
      ...(correlationId !== undefined ? { 'x-correlation-id': correlationId.replace(/[^\x20-\x7e]/g, '') } : {}),
    },
    ...(target.method === 'POST' ? { body: payload } : {}),
  }));

describe('HTTP API under fuzzing', () => {
  let acme: TestClient;
  let beta: TestClient;
  let owned: Owned;

  beforeAll(async () => {
    [acme, beta] = await Promise.all([registerTestClient(['B12345678'], 'bulk'), registerTestClient(['A87654321'], 'bulk')]);
    const invoice = (invoiceNumber: string, changes: Record<string, unknown> = {}) => JSON.stringify({ ...validInvoice, invoiceNumber, ...changes });
    const stored = await callApi<{ messageId: string }>('POST', '/invoices', { key: acme.apiKey, body: invoice(uniqueName('FUZZ')) });
    const invalid = await callApi<{ messageId: string }>('POST', '/invoices', { key: acme.apiKey, body: invoice(uniqueName('FUZZ'), { currency: 'XYZ' }) });
    const outcome = await waitForOutcome(stored.body.messageId, 60_000, acme.apiKey);
    await waitForOutcome(invalid.body.messageId, 60_000, acme.apiKey);
    owned = { messageIds: [stored.body.messageId, invalid.body.messageId], invoicePath: (outcome.invoice as { location: string }).location };
  }, 120_000);

  it(`answers ${RUNS} generated requests without an undocumented 5xx, each error as problem+json, never another client's data`, async () => {
    const seenStatuses = new Map<number, number>();
    const callers: Caller[] = [
      { key: CLIENT_KEY, clientId: DEMO_CLIENT_ID },
      { key: acme.apiKey, clientId: acme.clientId },
      { key: beta.apiKey, clientId: beta.clientId },
      { key: ADMIN_KEY },
      { key: undefined },
      { key: 'wrong-key' },
      { key: '' },
    ];
    await fc.assert(
      fc.asyncProperty(requestArbitrary(owned, callers), async (input) => {
        const response = await fetch(`${LOCAL_API_URL}${input.path}`, { method: input.method, headers: input.headers, ...(input.body !== undefined ? { body: input.body } : {}) });
        const text = await response.text();
        seenStatuses.set(response.status, (seenStatuses.get(response.status) ?? 0) + 1);
        // A client reads only its own: what another client owns answers as missing.
        if (input.caller.clientId && input.caller.clientId !== acme.clientId && (owned.messageIds.some((id) => input.path === `/messages/${id}`) || input.path === owned.invoicePath)) {
          expect({ path: input.path, status: response.status }).toEqual({ path: input.path, status: response.status === 429 ? 429 : 404 });
        }
        if (input.caller.clientId && response.status === 200 && input.method === 'GET') {
          const shown = JSON.parse(text) as { clientId?: string };
          if (shown.clientId !== undefined) expect(shown.clientId).toBe(input.caller.clientId);
        }
        if (response.status >= 500) {
          expect(response.status).toBe(503);
          expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
        }
        if (response.status >= 400 && response.status !== 404) {
          expect(response.headers.get('content-type')).toContain('application/problem+json');
          const problem = JSON.parse(text) as { status: number; detail: string };
          expect(problem.status).toBe(response.status);
          expect(problem.detail.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
    const health = await fetch(`${LOCAL_API_URL}/messages/after-fuzzing`, { headers: { 'x-api-key': CLIENT_KEY } });
    expect(health.status).toBe(404);
    expect([...seenStatuses.values()].reduce((sum, count) => sum + count, 0)).toBeGreaterThanOrEqual(RUNS);
  }, 600_000);
});
