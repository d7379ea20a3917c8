/**
 * The whole pipeline on RabbitMQ, as a client and an operator use it: a serverless-offline of
 * its own with TRANSPORT=rabbitmq (beside the test stack's Kafka one, on other ports), the
 * local MQ trigger, and the same stores. POST /invoices answers 202 once the broker confirmed,
 * naming the transport and queue; the validator stores a valid invoice and quarantines an
 * invalid one; a message published straight to the queue (no message id, as from the
 * management UI) is validated too.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { connect } from 'amqplib';
import { INFRASTRUCTURE } from '../../lib/infrastructure';
import { LOCAL_PORTS } from '../../localstack/local-env';
import { startOffline } from '../../localstack/offline';
import type { Stoppable } from '../../localstack/local-services';
import { ADMIN_KEY, callApi, waitForOutcome } from '../helpers/local-api';
import { uniqueName, waitFor } from '../helpers/wait-for';

const ports = { http: LOCAL_PORTS.http + 100, lambda: LOCAL_PORTS.lambda + 100 };
const baseUrl = `http://localhost:${ports.http}`;
const fixture = (name: string) => JSON.parse(readFileSync(path.join(__dirname, '../fixtures', `${name}.json`), 'utf8')) as Record<string, unknown>;
const { queue } = INFRASTRUCTURE.rabbitmq;

describe('POST /invoices through RabbitMQ', () => {
  let offline: Stoppable | undefined;
  const output: string[] = [];

  beforeAll(async () => {
    // Its quarantine is the stack's offline's: two pollers on one invalid channel would let this one, stopping, hide a message of the next test.
    offline = await startOffline({ consumers: 2, ports, env: { TRANSPORT: 'rabbitmq', OFFLINE_SQS_TRIGGER: 'off' }, output: (line) => output.push(line) });
  }, 240_000);

  afterAll(async () => {
    await offline?.stop();
  });

  it('answers 202 with the transport and queue once the broker confirmed, and the validator stores the invoice', async () => {
    const invoice = { ...fixture('valid-basic'), invoiceNumber: uniqueName('RMQ') };

    const response = await callApi<Record<string, unknown>>('POST', '/invoices', { body: JSON.stringify(invoice), baseUrl });

    expect(response.status).toBe(202);
    expect(response.body).toEqual({ messageId: expect.any(String), correlationId: expect.any(String), transport: 'rabbitmq', queue });
    const outcome = await waitForOutcome(String(response.body.messageId), 60_000, undefined, baseUrl);
    expect(outcome).toMatchObject({ status: 'STORED', origin: { transport: 'rabbitmq', topic: queue, partition: 0 } });
    const stored = await callApi<Record<string, unknown>>('GET', `/invoices/B12345678/${encodeURIComponent(String(invoice.invoiceNumber))}`, { baseUrl });
    expect(stored.body).toMatchObject({ messageId: response.body.messageId, origin: { transport: 'rabbitmq' } });
  });

  it('quarantines an invalid invoice with every reason, and the admin view shows its queue', async () => {
    const invoice = { ...fixture('invalid-totals'), invoiceNumber: uniqueName('RMQ-BAD') };

    const response = await callApi<{ messageId: string }>('POST', '/invoices', { body: JSON.stringify(invoice), baseUrl });
    const outcome = await waitForOutcome(response.body.messageId, 60_000, undefined, baseUrl);

    expect(outcome.status).toBe('INVALID');
    expect(outcome.reasons?.map((reason) => reason.code)).toContain('TOTALS_MISMATCH');
    const entry = await waitFor(async () => {
      const found = await callApi<{ source?: Record<string, unknown> }>('GET', `/admin/invalid-invoices/${response.body.messageId}`, { key: ADMIN_KEY, baseUrl });
      return found.status === 200 ? found.body : undefined;
    }, { what: 'the quarantined entry' });
    expect(entry.source).toMatchObject({ transport: 'rabbitmq', topic: queue, partition: 0 });
  });

  it('validates a message published straight to the queue without any id, as from the management UI', async () => {
    const invoiceNumber = uniqueName('RMQ-UI');
    const connection = await connect(process.env.RABBITMQ_URL ?? `amqp://guest:guest@127.0.0.1:${LOCAL_PORTS.rabbitmq}`);
    try {
      const channel = await connection.createConfirmChannel();
      channel.sendToQueue(queue, Buffer.from(JSON.stringify({ ...fixture('valid-basic'), invoiceNumber })), { persistent: true });
      await channel.waitForConfirms();
    } finally {
      await connection.close();
    }

    const stored = await waitFor(async () => {
      const found = await callApi<Record<string, unknown>>('GET', `/invoices/B12345678/${encodeURIComponent(invoiceNumber)}`, { key: ADMIN_KEY, baseUrl });
      return found.status === 200 ? found.body : undefined;
    }, { what: 'the invoice published from outside the API', timeoutMs: 60_000 });
    expect(stored.messageId).toMatch(new RegExp(`^${queue}-[0-9a-f]{32}$`));
  });
});
