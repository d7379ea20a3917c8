/**
 * Many clients on the running local API: each sees only its own data on every route, submits
 * only for its issuers, owns its Idempotency-Keys, and is held to its rate; keys are revoked
 * and rotated as documented. Clients are registered through the admin route, as an admin would.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ADMIN_KEY, callApi, waitForOutcome, type MessageStatusBody } from '../helpers/local-api';
import { registerTestClient, type TestClient } from '../helpers/clients';
import { uniqueName, waitFor } from '../helpers/wait-for';

const fixtures = path.join(__dirname, '../fixtures');
const baseInvoice = JSON.parse(readFileSync(path.join(fixtures, 'valid-basic.json'), 'utf8')) as Record<string, unknown>;
const totalsInvoice = JSON.parse(readFileSync(path.join(fixtures, 'invalid-totals.json'), 'utf8')) as Record<string, unknown>;

function invoiceOf(issuerTaxId: string, changes: Record<string, unknown> = {}, base = baseInvoice): string {
  return JSON.stringify({ ...base, invoiceNumber: uniqueName('MT'), issuer: { ...(base.issuer as object), taxId: issuerTaxId }, ...changes });
}

async function submit(client: TestClient, body: string, headers: Record<string, string> = {}) {
  return callApi<{ messageId: string; detail?: string; allowedIssuers?: string[] }>('POST', '/invoices', { key: client.apiKey, body, headers });
}

describe('many clients, one API', () => {
  let acme: TestClient;
  let beta: TestClient;

  beforeAll(async () => {
    acme = await registerTestClient(['B12345678']);
    beta = await registerTestClient(['A87654321']);
  });

  it('shows each client its own invoices and messages, and another client\'s exactly as missing, on every route', async () => {
    // Prepare: a stored invoice and a quarantined one of acme's
    const valid = invoiceOf('B12345678');
    const stored = await submit(acme, valid);
    const invalid = await submit(acme, invoiceOf('B12345678', {}, totalsInvoice));
    expect([stored.status, invalid.status]).toEqual([202, 202]);
    const storedOutcome = await waitForOutcome(stored.body.messageId, 60_000, acme.apiKey);
    const invalidOutcome = await waitForOutcome(invalid.body.messageId, 60_000, acme.apiKey);
    const invoicePath = (storedOutcome.invoice as { location: string }).location;

    // Act
    const asBeta = await Promise.all([
      callApi('GET', `/messages/${stored.body.messageId}`, { key: beta.apiKey }),
      callApi('GET', `/messages/${invalid.body.messageId}`, { key: beta.apiKey }),
      callApi('GET', invoicePath, { key: beta.apiKey }),
      callApi('GET', `/messages/${uniqueName('nobody')}`, { key: beta.apiKey }),
    ]);
    const asAcme = await callApi<Record<string, unknown>>('GET', invoicePath, { key: acme.apiKey });
    const asAdmin = await callApi<Record<string, unknown>>('GET', invoicePath, { key: ADMIN_KEY });
    const adminRoutes = await Promise.all([
      callApi('GET', '/admin/invalid-invoices', { key: beta.apiKey }),
      callApi('GET', `/admin/invalid-invoices/${invalid.body.messageId}`, { key: beta.apiKey }),
      callApi('GET', '/admin/clients', { key: beta.apiKey }),
    ]);

    // Assess
    expect([storedOutcome.status, invalidOutcome.status]).toEqual(['STORED', 'INVALID']);
    expect(storedOutcome.clientId).toBe(acme.clientId);
    expect(asBeta.map((response) => response.status)).toEqual([404, 404, 404, 404]);
    // The same answer as for what does not exist, apart from the id asked for.
    const [hidden, , , missing] = asBeta.map((response) => response.body as { title?: string; detail?: string });
    expect(hidden?.title).toBe(missing?.title);
    expect(hidden?.detail?.replace(stored.body.messageId, 'ID')).toBe(missing?.detail?.replace(/nobody-[\w-]+/, 'ID'));
    expect(asAcme).toMatchObject({ status: 200, body: { clientId: acme.clientId } });
    expect(asAdmin.status).toBe(200);
    expect(adminRoutes.map((response) => response.status)).toEqual([403, 403, 403]);
  });

  it('lets an admin see which client sent a quarantined invoice, and filter by client', async () => {
    // Prepare
    const invalid = await submit(beta, invoiceOf('A87654321', {}, totalsInvoice));
    await waitFor(async () => (await callApi('GET', `/admin/invalid-invoices/${invalid.body.messageId}`, { key: ADMIN_KEY })).status === 200, { what: 'the quarantine entry' });

    // Act
    const entry = await callApi<Record<string, unknown>>('GET', `/admin/invalid-invoices/${invalid.body.messageId}`, { key: ADMIN_KEY });
    const filtered = await callApi<{ items: Array<{ clientId?: string; messageId: string }> }>('GET', `/admin/invalid-invoices?clientId=${beta.clientId}`, { key: ADMIN_KEY });

    // Assess
    expect(entry.body).toMatchObject({ clientId: beta.clientId, headers: { 'client-id': beta.clientId } });
    expect(filtered.body.items.map((item) => item.messageId)).toContain(invalid.body.messageId);
    expect(filtered.body.items.every((item) => item.clientId === beta.clientId)).toBe(true);
  });

  it('refuses an invoice of an issuer the key does not cover with 403 naming its issuers, and publishes nothing', async () => {
    // Act
    const single = await submit(beta, invoiceOf('B12345678'));
    const batch = await callApi<{ results: Array<{ status: number; detail?: string }> }>('POST', '/invoices/batch', {
      key: beta.apiKey,
      body: `[${invoiceOf('A87654321')},${invoiceOf('B12345678')}]`,
    });

    // Assess
    expect(single.status).toBe(403);
    expect(single.body.allowedIssuers).toEqual(['A87654321']);
    expect(single.body.detail).toContain('A87654321');
    expect(batch.status).toBe(202);
    expect(batch.body.results.map((result) => result.status)).toEqual([202, 403]);
  });

  it('quarantines under the client an invoice whose issuer cannot be read', async () => {
    const { issuer: _issuer, ...withoutIssuer } = baseInvoice;
    const posted = await submit(beta, JSON.stringify({ ...withoutIssuer, invoiceNumber: uniqueName('NOISSUER') }));

    const outcome = await waitForOutcome(posted.body.messageId, 60_000, beta.apiKey);

    expect(outcome).toMatchObject({ status: 'INVALID', clientId: beta.clientId });
  });

  it('keeps one Idempotency-Key per client: the same key from two clients stores two invoices', async () => {
    // Prepare
    const key = uniqueName('order');
    const [first, second] = await Promise.all([submit(acme, invoiceOf('B12345678'), { 'idempotency-key': key }), submit(beta, invoiceOf('A87654321'), { 'idempotency-key': key })]);

    // Act
    const outcomes = await Promise.all([waitForOutcome(first.body.messageId, 60_000, acme.apiKey), waitForOutcome(second.body.messageId, 60_000, beta.apiKey)]);

    // Assess
    expect(first.body.messageId).not.toBe(second.body.messageId);
    expect(outcomes.map((outcome: MessageStatusBody) => outcome.status)).toEqual(['STORED', 'STORED']);
  });

  it('answers 422 to the same Idempotency-Key with another body, and publishes nothing', async () => {
    // Prepare
    const key = uniqueName('order');
    const body = invoiceOf('B12345678');
    const first = await submit(acme, body, { 'idempotency-key': key });

    // Act
    const again = await submit(acme, body, { 'idempotency-key': key });
    const other = await submit(acme, invoiceOf('B12345678'), { 'idempotency-key': key });

    // Assess
    expect(again).toMatchObject({ status: 202, body: { messageId: first.body.messageId } });
    expect(other.status).toBe(422);
    expect(other.body.detail).toContain('another body');
  });

  it('refuses a revoked client\'s key', async () => {
    // Prepare: revoked before its key is first used (a key already used may work up to clients.keyCacheSeconds more)
    const gone = await registerTestClient(['B12345678']);
    const revoked = await callApi('POST', `/admin/clients/${gone.clientId}/revoke`, { key: ADMIN_KEY });

    // Act
    const refused = await callApi<{ detail: string }>('GET', `/messages/${uniqueName('m')}`, { key: gone.apiKey });

    // Assess
    expect(revoked).toMatchObject({ status: 200, body: { status: 'REVOKED' } });
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toContain('revoked');
  });

  it('rotates a key: the new one works at once and the old one keeps working through its grace period', async () => {
    // Prepare
    const rotating = await registerTestClient(['B12345678']);

    // Act
    const rotated = await callApi<{ apiKey: string; previousKeyValidUntil: string }>('POST', `/admin/clients/${rotating.clientId}/rotate`, { key: ADMIN_KEY });
    const withNew = await submit({ ...rotating, apiKey: rotated.body.apiKey }, invoiceOf('B12345678'));
    const withOld = await submit(rotating, invoiceOf('B12345678'));

    // Assess
    expect(rotated.status).toBe(200);
    expect(rotated.body.apiKey).not.toBe(rotating.apiKey);
    expect(Date.parse(rotated.body.previousKeyValidUntil) - Date.now()).toBeGreaterThan(23 * 3600 * 1000);
    expect([withNew.status, withOld.status]).toEqual([202, 202]);
  });

  it('answers 429 with Retry-After once a client is over its burst, and another client goes on', async () => {
    // Prepare: the standard tier's burst, then some
    const busy = await registerTestClient(['B12345678']);
    const probe = () => callApi('GET', `/messages/${uniqueName('rate')}`, { key: busy.apiKey });

    // Act
    const answers = await Promise.all(Array.from({ length: 300 }, probe));
    const other = await callApi('GET', `/messages/${uniqueName('rate')}`, { key: acme.apiKey });

    // Assess
    const throttled = answers.filter((answer) => answer.status === 429);
    expect(throttled.length).toBeGreaterThan(0);
    expect(throttled[0]?.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(throttled[0]?.headers.get('content-type')).toContain('application/problem+json');
    expect(other.status).toBe(404);
  });
});
