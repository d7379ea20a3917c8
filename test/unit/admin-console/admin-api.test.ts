import { AdminApiError, adminApi, apiBase, problemError } from '../../../admin-console/src/admin-api';
import { NO_FILTERS } from '../../../admin-console/src/list-query';

interface Call {
  url: string;
  init: RequestInit;
}

/** A fetch that records the calls and answers one canned response. */
function fakeFetch(status: number, body: unknown, contentType = 'application/json') {
  const calls: Call[] = [];
  const send = async (url: string | URL | Request, init: RequestInit = {}) => {
    calls.push({ url: url instanceof Request ? url.url : url.toString(), init });
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    return new Response(status === 204 ? null : text, { status, headers: { 'content-type': contentType } });
  };
  return { calls, send: send };
}

const entry = {
  messageId: 'm-1',
  status: 'PENDING',
  correlationId: 'c-1',
  quarantinedAt: '2026-11-24T10:00:00.000Z',
  category: 'DATA',
  codes: ['TOTALS_MISMATCH'],
  reasons: [{ category: 'DATA', code: 'TOTALS_MISMATCH', path: '/totals/gross', message: 'fix it' }],
  source: { topic: 'invoices', partition: 2, offset: '17', timestamp: '2026-11-24T09:59:59.000Z', key: 'B1/F-1' },
  headers: {},
  payload: '{}',
  payloadEncoding: 'utf8',
  history: [{ at: '2026-11-24T10:00:00.000Z', action: 'QUARANTINED' }],
};

describe('adminApi', () => {
  it('sends the admin key as Authorization: Bearer, under the base path', async () => {
    // Prepare
    const fetch = fakeFetch(200, { items: [] });
    const api = adminApi({ base: '/dev/', key: () => 'the-key', fetch: fetch.send });

    // Act
    await api.list({ ...NO_FILTERS, status: 'PENDING' });

    // Assess
    expect(fetch.calls[0]?.url).toBe('/dev/admin/invalid-invoices?status=PENDING&limit=25');
    expect(fetch.calls[0]?.init.headers).toMatchObject({ authorization: 'Bearer the-key' });
  });

  it('posts a correction as the JSON body, and no body at all to resend as is', async () => {
    // Prepare
    const fetch = fakeFetch(202, { newMessageId: 'm-2' });
    const api = adminApi({ base: '/', key: () => 'k', fetch: fetch.send });

    // Act
    const corrected = await api.resend('a/b', '{"x":1}');
    await api.resend('a/b');

    // Assess
    expect(corrected).toEqual({ newMessageId: 'm-2' });
    expect(fetch.calls.map((call) => [call.init.method, call.url, call.init.body])).toEqual([
      ['POST', '/admin/invalid-invoices/a%2Fb/resend', '{"x":1}'],
      ['POST', '/admin/invalid-invoices/a%2Fb/resend', undefined],
    ]);
    expect(fetch.calls[0]?.init.headers).toMatchObject({ 'content-type': 'application/json' });
    expect(fetch.calls[1]?.init.headers).not.toHaveProperty('content-type');
  });

  it('sends the discard note as {note}', async () => {
    // Prepare
    const fetch = fakeFetch(200, { ...entry, status: 'DISCARDED' });
    const api = adminApi({ base: '/', key: () => 'k', fetch: fetch.send });

    // Act
    const discarded = await api.discard('m-1', 'Sent twice');

    // Assess
    expect(fetch.calls[0]?.init.body).toBe('{"note":"Sent twice"}');
    expect(discarded.status).toBe('DISCARDED');
  });

  it('reads an entry, its Kafka offset as text', async () => {
    // Prepare
    const api = adminApi({ base: '/', key: () => 'k', fetch: fakeFetch(200, { ...entry, source: { ...entry.source, offset: 17 } }).send });

    // Act
    const read = await api.get('m-1');

    // Assess
    expect(read.source.offset).toBe('17');
  });

  it('turns a 422 problem into an error with its detail and reasons', async () => {
    // Prepare
    const problem = { type: 'about:blank', title: 'Unprocessable Content', status: 422, detail: 'Still breaks 1 rule; nothing was sent.', reasons: entry.reasons };
    const api = adminApi({ base: '/', key: () => 'k', fetch: fakeFetch(422, problem, 'application/problem+json').send });

    // Act
    const failure = await api.resend('m-1', '{}').catch((error: unknown) => error);

    // Assess
    expect(failure).toBeInstanceOf(AdminApiError);
    expect(failure).toMatchObject({ status: 422, message: problem.detail, reasons: entry.reasons });
  });

  it('says when the answer has a shape the console does not know', async () => {
    // Prepare
    const api = adminApi({ base: '/', key: () => 'k', fetch: fakeFetch(200, { total: 'many' }).send });

    // Act
    const failure = await api.counts('').catch((error: unknown) => error);

    // Assess
    expect(failure).toMatchObject({ status: 200, message: expect.stringContaining('shape') });
  });

  it('says when the API cannot be reached', async () => {
    // Prepare
    const api = adminApi({ base: '/', key: () => 'k', fetch: (async () => Promise.reject(new TypeError('Failed to fetch'))) });

    // Act
    const failure = await api.get('m-1').catch((error: unknown) => error);

    // Assess
    expect(failure).toMatchObject({ status: 0, message: expect.stringContaining('Failed to fetch') });
  });
});

describe('problemError', () => {
  it.each([
    ['the detail', { title: 'Conflict', detail: 'It is RESENT, not PENDING.' }, 'It is RESENT, not PENDING.'],
    ['the title without a detail', { title: 'Conflict' }, 'Conflict'],
    ['the status for a body that is no problem', '<html>Bad gateway</html>', 'The API answered 409 Conflict.'],
  ])('shows %s', (_name, body, message) => {
    expect(problemError({ status: 409, statusText: 'Conflict' }, body).message).toBe(message);
  });
});

describe('apiBase', () => {
  it.each([
    ['/admin', '/'],
    ['/admin/', '/'],
    ['/dev/admin', '/dev/'],
    ['/elsewhere', '/'],
  ])('of the page at %s is %s', (pagePath, base) => {
    expect(apiBase(pagePath)).toBe(base);
  });
});
