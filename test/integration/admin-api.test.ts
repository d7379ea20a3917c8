/**
 * Admins on the real local stack: an invalid invoice is listed, refused when resent
 * unchanged, stored once corrected; the original shows RESENT; discard works; client
 * keys are refused; concurrent resends publish once.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LOCAL_API_URL } from '../../localstack/local-env';
import { ADMIN_KEY, CLIENT_KEY, callApi, waitForOutcome } from '../helpers/local-api';
import { OpenApiContract, observe } from '../helpers/openapi';
import { uniqueName, waitFor } from '../helpers/wait-for';

interface Entry {
  messageId: string;
  status: string;
  resentAs?: string;
  reasons: Array<{ code: string; path: string }>;
  history: Array<{ action: string; by?: string; note?: string; newMessageId?: string; newMessageStatus?: string }>;
}

interface Trace {
  messages: Array<{ messageId: string; status: string; timeline: Array<{ event: string; origin?: { topic: string } }> }>;
}

const totalsFixture = readFileSync(path.join(__dirname, '../fixtures/invalid-totals.json'), 'utf8');

/** Posts an invoice whose gross total is wrong and waits until admins can see it. */
async function quarantinedTotalsMismatch(): Promise<{ messageId: string; body: Record<string, unknown> }> {
  const body = { ...(JSON.parse(totalsFixture) as Record<string, unknown>), invoiceNumber: uniqueName('ADM') };
  const posted = await callApi<{ messageId: string }>('POST', '/invoices', { body: JSON.stringify(body) });
  expect(posted.status).toBe(202);
  const { messageId } = posted.body;
  await waitFor(async () => (await callApi('GET', `/admin/invalid-invoices/${messageId}`, { key: ADMIN_KEY })).status === 200, {
    what: `message ${messageId} in the quarantine`,
  });
  return { messageId, body };
}

function corrected(body: Record<string, unknown>): string {
  return JSON.stringify({ ...body, totals: { net: 500.0, tax: 105.0, gross: 605.0 } });
}

describe('admin API on the local stack', () => {
  it('lists a TOTALS_MISMATCH invoice, refuses it unchanged (422), stores it corrected, and shows the original RESENT', async () => {
    // Prepare
    const { messageId, body } = await quarantinedTotalsMismatch();

    // Act: find it in the filtered list
    const list = await callApi<{ items: Array<{ messageId: string }> }>('GET', '/admin/invalid-invoices?status=PENDING&code=TOTALS_MISMATCH&limit=100', { key: ADMIN_KEY });
    // Act: resend as it was, then corrected
    const unchanged = await callApi<{ reasons: Array<{ code: string }> }>('POST', `/admin/invalid-invoices/${messageId}/resend`, { key: ADMIN_KEY });
    const fixed = await callApi<{ newMessageId: string }>('POST', `/admin/invalid-invoices/${messageId}/resend`, { key: ADMIN_KEY, body: corrected(body) });

    // Assess
    expect(list.status).toBe(200);
    expect(list.body.items.map((item) => item.messageId)).toContain(messageId);
    expect(unchanged.status).toBe(422);
    expect(unchanged.headers.get('content-type')).toContain('application/problem+json');
    expect(unchanged.body.reasons.map((reason) => reason.code)).toEqual(['TOTALS_MISMATCH']);
    expect(fixed.status).toBe(202);
    const outcome = await waitForOutcome(fixed.body.newMessageId);
    expect(outcome).toMatchObject({ status: 'STORED', causationId: messageId });
    const original = await callApi<Entry>('GET', `/admin/invalid-invoices/${messageId}`, { key: ADMIN_KEY });
    expect(original.body).toMatchObject({ status: 'RESENT', resentAs: fixed.body.newMessageId });
    expect(original.body.history.map((event) => event.action)).toEqual(['QUARANTINED', 'RESEND_REJECTED', 'RESENT']);
    expect(original.body.history.at(-1)).toMatchObject({ newMessageId: fixed.body.newMessageId, newMessageStatus: 'STORED', by: expect.stringMatching(/^admin-/) });
    expect((await callApi<{ status: string }>('GET', `/messages/${messageId}`)).body.status).toBe('RESENT');

    // Assess: the explorer tells the same story by message id and by invoice
    const issuer = (body.issuer as { taxId: string }).taxId;
    const byMessage = await callApi<Trace>('GET', `/admin/message-trace?messageId=${messageId}`, { key: ADMIN_KEY });
    const byInvoice = await callApi<Trace>('GET', `/admin/message-trace?issuerTaxId=${encodeURIComponent(issuer)}&invoiceNumber=${encodeURIComponent(String(body.invoiceNumber))}`, { key: ADMIN_KEY });
    for (const trace of [byMessage, byInvoice]) {
      expect(trace.status).toBe(200);
      expect(trace.body.messages.map((message) => [message.messageId, message.status])).toEqual([
        [messageId, 'RESENT'],
        [fixed.body.newMessageId, 'STORED'],
      ]);
    }
    expect(byMessage.body.messages[0]?.timeline.map((event) => event.event)).toEqual(['ACCEPTED', 'INVALID', 'QUARANTINED', 'RESEND_REJECTED', 'RESENT']);
    expect(byMessage.body.messages[0]?.timeline[0]).toMatchObject({ origin: { topic: 'invoices' } });
    expect(byMessage.body.messages[1]?.timeline.map((event) => event.event)).toEqual(['ACCEPTED', 'STORED']);
  });

  it('discards an invoice with a note, and refuses a discard without one', async () => {
    // Prepare
    const { messageId } = await quarantinedTotalsMismatch();

    // Act
    const withoutNote = await callApi('POST', `/admin/invalid-invoices/${messageId}/discard`, { key: ADMIN_KEY, body: '{}' });
    const discarded = await callApi<Entry>('POST', `/admin/invalid-invoices/${messageId}/discard`, { key: ADMIN_KEY, body: JSON.stringify({ note: 'sent by mistake' }) });

    // Assess
    expect(withoutNote.status).toBe(400);
    expect(discarded.status).toBe(200);
    expect(discarded.body.status).toBe('DISCARDED');
    expect(discarded.body.history.at(-1)).toMatchObject({ action: 'DISCARDED', note: 'sent by mistake' });
    expect((await callApi<{ status: string }>('GET', `/messages/${messageId}`)).body.status).toBe('DISCARDED');
  });

  it('publishes once when two resends of the same entry race', async () => {
    // Prepare
    const { messageId, body } = await quarantinedTotalsMismatch();

    // Act
    const answers = await Promise.all(
      [1, 2].map(() => callApi<{ newMessageId?: string }>('POST', `/admin/invalid-invoices/${messageId}/resend`, { key: ADMIN_KEY, body: corrected(body) })),
    );

    // Assess
    expect(answers.map((answer) => answer.status).sort()).toEqual([202, 409]);
    const entry = await callApi<Entry>('GET', `/admin/invalid-invoices/${messageId}`, { key: ADMIN_KEY });
    expect(entry.body.history.filter((event) => event.action === 'RESENT')).toHaveLength(1);
  });

  it.each([
    ['GET', '/admin/invalid-invoices'],
    ['GET', '/admin/invalid-invoice-counts'],
    ['GET', '/admin/invalid-invoices/any-id'],
    ['POST', '/admin/invalid-invoices/any-id/resend'],
    ['POST', '/admin/invalid-invoices/any-id/discard'],
  ] as const)('refuses a client key on %s %s (403) and no key (401)', async (method, route) => {
    const withClientKey = await callApi(method, route, { key: CLIENT_KEY, ...(method === 'POST' ? { body: '{}' } : {}) });
    const withoutKey = await callApi(method, route, { key: null, ...(method === 'POST' ? { body: '{}' } : {}) });
    expect(withClientKey.status).toBe(403);
    expect(withoutKey.status).toBe(401);
  });

  it('takes the admin key as a bearer token too, and counts entries per code', async () => {
    const counts = await callApi<{ total: number; byCode: Record<string, number> }>('GET', '/admin/invalid-invoice-counts', {
      key: null,
      headers: { authorization: `Bearer ${ADMIN_KEY}` },
    });
    expect(counts.status).toBe(200);
    expect(counts.body.byCode.TOTALS_MISMATCH).toBeGreaterThan(0);
  });

  it('answers as docs/openapi.yaml says on every admin route', async () => {
    // Prepare
    const contract = OpenApiContract.load();
    const { messageId, body } = await quarantinedTotalsMismatch();
    const other = await quarantinedTotalsMismatch();
    const call = (method: 'GET' | 'POST', route: string, template: string, payload?: string) =>
      fetch(`${LOCAL_API_URL}${route}`, {
        method,
        headers: { authorization: `Bearer ${ADMIN_KEY}`, ...(payload !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(payload !== undefined ? { body: payload } : {}),
      }).then((response) => observe(method, template, response));

    // Act
    const answers = [
      await call('GET', '/admin/invalid-invoices?status=PENDING&limit=5', '/admin/invalid-invoices'),
      await call('GET', '/admin/invalid-invoices?code=NOPE', '/admin/invalid-invoices'),
      await call('GET', '/admin/invalid-invoice-counts', '/admin/invalid-invoice-counts'),
      await call('GET', `/admin/invalid-invoices/${messageId}`, '/admin/invalid-invoices/{messageId}'),
      await call('GET', '/admin/invalid-invoices/unknown-id', '/admin/invalid-invoices/{messageId}'),
      await call('POST', `/admin/invalid-invoices/${messageId}/resend`, '/admin/invalid-invoices/{messageId}/resend'),
      await call('POST', `/admin/invalid-invoices/${messageId}/resend`, '/admin/invalid-invoices/{messageId}/resend', corrected(body)),
      await call('POST', `/admin/invalid-invoices/${messageId}/resend`, '/admin/invalid-invoices/{messageId}/resend', corrected(body)),
      await call('POST', `/admin/invalid-invoices/${other.messageId}/discard`, '/admin/invalid-invoices/{messageId}/discard', '{}'),
      await call('POST', `/admin/invalid-invoices/${other.messageId}/discard`, '/admin/invalid-invoices/{messageId}/discard', JSON.stringify({ note: 'conformance' })),
      await call('GET', `/admin/message-trace?messageId=${messageId}`, '/admin/message-trace'),
      await call('GET', `/admin/message-trace?correlationId=${encodeURIComponent(other.messageId)}x`, '/admin/message-trace'),
      await call('GET', '/admin/message-trace', '/admin/message-trace'),
    ];

    // Assess
    expect(answers.map((answer) => answer.status)).toEqual([200, 400, 200, 200, 404, 422, 202, 409, 400, 200, 200, 404, 400]);
    for (const answer of answers) contract.assertResponse(answer);
  });
});
