/**
 * The HTTP contract of POST /invoices that holds before Kafka is reached: the caller the key
 * check named, media type, size, JSON object, the issuers a client covers, and the 503 when
 * the broker cannot be reached.
 */
import { KafkaInvoicePublisher } from '../../../lib/adapters/kafka/kafka-invoice-publisher';
import { createSubmitInvoiceHandler } from '../../../handlers/http/submit-invoice';
import type { Caller } from '../../../lib/domain/caller';
import type { InvoicePublisher } from '../../../lib/ports/invoice-publisher';
import type { RefusedKey } from '../../../lib/use-cases/clients/identify-caller';
import { ADMIN_CALLER, DEMO_CALLER, apiGatewayEvent, authorizedContext, lambdaContext } from '../../helpers/api-gateway-event';
import { InMemoryMessageLog, RecordingLog, RecordingMetrics, RecordingPublisher } from '../../helpers/in-memory-ports';

/** The handler over fakes, built through its composition root's factory as Lambda builds it over the real adapters. */
function submitHandler(publisher: InvoicePublisher, metrics = new RecordingMetrics()) {
  return createSubmitInvoiceHandler({ publisher, messageLog: new InMemoryMessageLog(), newMessageId: () => crypto.randomUUID(), now: () => new Date(), log: new RecordingLog(), metrics });
}

const publisher = new RecordingPublisher();
const metrics = new RecordingMetrics();
const handler = submitHandler(publisher, metrics);

const jsonHeaders = { 'Content-Type': 'application/json' };
const ACME: Caller = { role: 'client', clientId: 'cl-acme', name: 'Acme', issuers: ['B12345678'] };

async function post(headers: Record<string, string>, body: string | null, caller: Caller | { refused: RefusedKey } = DEMO_CALLER) {
  const response = await handler(apiGatewayEvent({ headers, body, requestContext: authorizedContext(caller) }), lambdaContext);
  return { ...response, problem: response.body ? (JSON.parse(response.body) as Record<string, unknown>) : undefined };
}

describe('POST /invoices before Kafka', () => {
  it('answers 401 problem+json when the key check found no key', async () => {
    const response = await post(jsonHeaders, '{}', { refused: 'missing' });

    expect(response.statusCode).toBe(401);
    expect(response.headers?.['content-type']).toBe('application/problem+json');
    expect(response.problem).toMatchObject({ status: 401, title: 'Unauthorized' });
    expect(String(response.problem?.detail)).toContain('x-api-key');
  });

  it.each<[RefusedKey, string]>([
    ['unknown', 'not valid'],
    ['revoked', 'revoked'],
  ])('answers 403 for a key the check refused as %s', async (refused, detail) => {
    const response = await post(jsonHeaders, '{}', { refused });

    expect(response.statusCode).toBe(403);
    expect(String(response.problem?.detail)).toContain(detail);
  });

  it('answers 503 with Retry-After, not a refusal, when the key could not be checked (registry down)', async () => {
    const response = await post(jsonHeaders, '{}', { refused: 'unavailable' });

    expect(response.statusCode).toBe(503);
    expect(response.headers?.['retry-after']).toBe('5');
    expect(String(response.problem?.detail)).toContain('could not be checked');
  });

  it('answers 500, not a pass, when the route is not behind the key check', async () => {
    const response = await handler(apiGatewayEvent({ headers: jsonHeaders, body: '{}' }), lambdaContext);

    expect(response.statusCode).toBe(500);
  });

  it('answers 403 naming the issuers the key covers for an invoice of another issuer, and publishes nothing', async () => {
    const before = publisher.published.length;

    const response = await post(jsonHeaders, '{"invoiceNumber":"F-1","issuer":{"taxId":"X9999999"}}', ACME);

    expect(response.statusCode).toBe(403);
    expect(response.problem).toMatchObject({ issuerTaxId: 'X9999999', allowedIssuers: ['B12345678'] });
    expect(String(response.problem?.detail)).toContain('B12345678');
    expect(publisher.published.length).toBe(before);
  });

  it.each([
    ['an invoice of one of its issuers (written with spaces and dashes)', '{"invoiceNumber":"F-1","issuer":{"taxId":"b-1234 5678"}}', ACME],
    ['an invoice without a readable issuer (the validator names what is wrong)', '{"invoiceNumber":"F-1"}', ACME],
    ['any invoice, for an admin', '{"invoiceNumber":"F-1","issuer":{"taxId":"X9999999"}}', ADMIN_CALLER],
  ])('lets %s through to the broker', async (_what, body, caller) => {
    const before = publisher.published.length;
    const acceptedBefore = metrics.total('InvoicesAccepted');

    const response = await post(jsonHeaders, body, caller);

    expect(response.statusCode).toBe(202);
    expect(metrics.total('InvoicesAccepted')).toBe(acceptedBefore + 1);
    expect(publisher.published.slice(before).map((record) => record.value.toString())).toEqual([body]);
  });

  it('answers 415 when the body is not declared as JSON', async () => {
    const response = await post({ 'Content-Type': 'text/csv' }, 'a,b');

    expect(response.statusCode).toBe(415);
    expect(String(response.problem?.detail)).toContain('application/json');
  });

  it('answers 413 above 256 KiB and says the limit', async () => {
    const response = await post(jsonHeaders, JSON.stringify({ pad: 'x'.repeat(256 * 1024) }));

    expect(response.statusCode).toBe(413);
    expect(response.problem).toMatchObject({ limitBytes: 262144 });
  });

  it('answers 400 when the body is not a JSON object', async () => {
    const response = await post(jsonHeaders, '[1,2]');

    expect(response.statusCode).toBe(400);
    expect(String(response.problem?.detail)).toContain('POST /invoices/batch');
  });

  it('keeps the caller correlation id on the response', async () => {
    const response = await post({ ...jsonHeaders, 'X-Correlation-Id': 'trace-me' }, 'nope');

    expect(response.headers?.['x-correlation-id']).toBe('trace-me');
  });

  it('answers 503 with Retry-After, never 500, when Kafka cannot take the record', async () => {
    // The real producer, on a port where no broker listens: it gives up after its publish timeout.
    const unreachable = new KafkaInvoicePublisher({ brokers: ['127.0.0.1:1'], clientId: 'test', topic: 'invoices', publishTimeoutMs: 1500, auth: { mechanism: 'none', ssl: false } });
    const body = '{"invoiceNumber":"F-1"}';
    const response = await submitHandler(unreachable)(apiGatewayEvent({ headers: jsonHeaders, body, requestContext: authorizedContext(DEMO_CALLER) }), lambdaContext);
    const problem = JSON.parse(response.body) as Record<string, unknown>;
    await unreachable.disconnect();

    expect(response.statusCode).toBe(503);
    expect(response.headers?.['retry-after']).toBe('5');
    expect(String(problem.detail)).toContain('nothing was stored');
  }, 20_000);
});
