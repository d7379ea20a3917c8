/**
 * The HTTP contract of POST /invoices that holds before Kafka is reached: keys, media
 * type, size, JSON object, and the 503 when the broker cannot be reached.
 */
import { apiGatewayEvent, lambdaContext } from '../../helpers/api-gateway-event';

process.env.KAFKA_BROKERS = '127.0.0.1:1';
process.env.KAFKA_PUBLISH_TIMEOUT_MS = '1500';
process.env.CLIENT_API_KEYS = 'client-key';
process.env.ADMIN_API_KEYS = 'admin-key';

// Required after the environment is set: the handler reads its configuration once, at load.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { handler } = require('../../../handlers/http/submit-invoice') as typeof import('../../../handlers/http/submit-invoice');

const jsonHeaders = { 'X-Api-Key': 'client-key', 'Content-Type': 'application/json' };

async function post(headers: Record<string, string>, body: string | null) {
  const response = await handler(apiGatewayEvent({ headers, body }), lambdaContext);
  return { ...response, problem: response.body ? (JSON.parse(response.body) as Record<string, unknown>) : undefined };
}

describe('POST /invoices before Kafka', () => {
  it('answers 401 problem+json when no key is sent', async () => {
    const response = await post({ 'Content-Type': 'application/json' }, '{}');

    expect(response.statusCode).toBe(401);
    expect(response.headers?.['content-type']).toBe('application/problem+json');
    expect(response.problem).toMatchObject({ status: 401, title: 'Unauthorized' });
    expect(String(response.problem?.detail)).toContain('x-api-key');
  });

  it('answers 403 for a key that is not valid', async () => {
    const response = await post({ ...jsonHeaders, 'X-Api-Key': 'nope' }, '{}');

    expect(response.statusCode).toBe(403);
  });

  it('takes the key as Authorization: Bearer too', async () => {
    const response = await post({ Authorization: 'Bearer client-key', 'Content-Type': 'text/plain' }, '{}');

    expect(response.statusCode).toBe(415);
  });

  it('answers 415 when the body is not declared as JSON', async () => {
    const response = await post({ ...jsonHeaders, 'Content-Type': 'text/csv' }, 'a,b');

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
    const response = await post(jsonHeaders, '{"invoiceNumber":"F-1"}');

    expect(response.statusCode).toBe(503);
    expect(response.headers?.['retry-after']).toBe('5');
    expect(String(response.problem?.detail)).toContain('nothing was stored');
  }, 20_000);
});
