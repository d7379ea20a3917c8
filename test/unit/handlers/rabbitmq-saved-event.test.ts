/**
 * AWS's documented Amazon MQ for RabbitMQ event (test/events/rabbitmq-event.json) fed to the
 * RabbitMQ-triggered validator over in-memory stores: the same use case as for Kafka.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createSettleDeadLetteredHandler } from '../../../handlers/rabbitmq/settle-failed-records';
import { createValidateRabbitMqInvoicesHandler } from '../../../handlers/rabbitmq/validate-invoices';
import { decodeLambdaRmqEvent } from '../../../lib/adapters/rabbitmq/lambda-rmq-event';
import { StoreUnavailableError } from '../../../lib/errors';
import { lambdaContext, savedAwsEvent } from '../../helpers/aws-events';
import { InMemoryInvalidChannel, InMemoryInvoiceStore, InMemoryMessageLog, RecordingMetrics } from '../../helpers/in-memory-ports';

const NOW = new Date('2026-12-01T10:00:00.000Z');
const invoice = readFileSync(path.join(__dirname, '../../fixtures/valid-basic.json'));

function ports() {
  const deps = {
    invoiceStore: new InMemoryInvoiceStore(),
    invalidChannel: new InMemoryInvalidChannel(),
    messageLog: new InMemoryMessageLog(),
    metrics: new RecordingMetrics(),
    now: () => NOW,
    validator: { name: 'invoice-pipeline', version: 'test' },
    maxPayloadBytes: 262_144,
  };
  return deps;
}

type RmqEvent = { rmqMessagesByQueue: Record<string, Array<{ basicProperties: Record<string, unknown>; data: string }> | undefined> };

/** AWS's event, its one message carrying our invoice with AMQP's message and correlation ids, as our publisher sends it. */
function eventWithInvoice(): RmqEvent {
  const event = savedAwsEvent<RmqEvent>('rabbitmq-event');
  const message = event.rmqMessagesByQueue['test::/']?.[0];
  if (!message) throw new Error('the saved event lost its message');
  message.basicProperties = { ...message.basicProperties, contentType: 'application/json', timestamp: 'Nov 21, 2026, 10:00:00 AM', messageId: 'm-rmq-1', correlationId: 'c-rmq-1', headers: { source: { bytes: [...Buffer.from('invoice-api')] } } };
  message.data = invoice.toString('base64');
  return event;
}

describe('decodeLambdaRmqEvent', () => {
  it("reads AWS's example: the queue as the origin, headers as text, the timestamp as UTC", () => {
    const [message] = decodeLambdaRmqEvent(savedAwsEvent('rabbitmq-event'), NOW);

    expect(message?.headers).toEqual({ header1: 'value1', header2: 'value2', numberInHeader: '10' });
    expect(message?.timestamp.toISOString()).toBe('1970-01-01T00:33:41.000Z');
    expect(message?.payload?.toString()).toBe('{"timeout":0,"data":"CZrmf0Gw8Ov4bqLQxD4E"}');
    expect(message?.origin).toEqual({ transport: 'rabbitmq', topic: 'test', partition: 0, offset: message?.fallbackId, redelivered: false });
  });

  it('names a message published without a message id the same way on every delivery', () => {
    const [first] = decodeLambdaRmqEvent(savedAwsEvent('rabbitmq-event'), NOW);
    const redelivered = savedAwsEvent<{ rmqMessagesByQueue: Record<string, Array<{ redelivered: boolean }>> }>('rabbitmq-event');
    (redelivered.rmqMessagesByQueue['test::/'] as Array<{ redelivered: boolean }>)[0] = { ...(redelivered.rmqMessagesByQueue['test::/']?.[0] as { redelivered: boolean }), redelivered: true };

    const [again] = decodeLambdaRmqEvent(redelivered, new Date('2026-12-02T00:00:00.000Z'));

    expect(first?.fallbackId).toMatch(/^test-[0-9a-f]{32}$/);
    expect(again?.fallbackId).toBe(first?.fallbackId);
    expect(again?.origin.redelivered).toBe(true);
  });

  it("keeps that id when the quorum queue adds its x-delivery-count header to a redelivery", () => {
    const [first] = decodeLambdaRmqEvent(savedAwsEvent('rabbitmq-event'), NOW);
    const event = savedAwsEvent<RmqEvent>('rabbitmq-event');
    const message = event.rmqMessagesByQueue['test::/']?.[0] as unknown as { basicProperties: { headers: Record<string, unknown> } };
    message.basicProperties.headers['x-delivery-count'] = 3;

    const [again] = decodeLambdaRmqEvent(event, NOW);

    expect(again?.fallbackId).toBe(first?.fallbackId);
  });

  it('refuses an event that is not an Amazon MQ for RabbitMQ one, saying where', () => {
    expect(() => decodeLambdaRmqEvent(savedAwsEvent('msk-event'), NOW)).toThrow(/eventSource/);
  });
});

/** The event of the failed queue: the message as dead-lettered after its delivery limit, with the headers RabbitMQ adds. */
function deadLetteredEvent(options: { messageId?: string; deathHeaders?: boolean } = {}): RmqEvent {
  const event = eventWithInvoice();
  const queueMessages = event.rmqMessagesByQueue['test::/'] ?? [];
  delete event.rmqMessagesByQueue['test::/'];
  event.rmqMessagesByQueue['invoices.failed::/'] = queueMessages;
  const [message] = queueMessages;
  if (!message) throw new Error('the saved event lost its message');
  const text = (value: string) => ({ bytes: [...Buffer.from(value)] });
  message.basicProperties = {
    ...message.basicProperties,
    messageId: options.messageId ?? null,
    headers: {
      source: text('invoice-api'),
      ...(options.deathHeaders === false ? {} : { 'x-first-death-queue': text('invoices'), 'x-first-death-reason': text('delivery_limit'), 'x-first-death-exchange': text('') }),
    },
  };
  return event;
}

describe('settleFailedRecords on RabbitMQ (the failed queue)', () => {
  it('quarantines a dead-lettered message as PROCESSING_FAILED with its own ids, payload and the queue it died in', async () => {
    const deps = ports();

    await createSettleDeadLetteredHandler(deps)(deadLetteredEvent({ messageId: 'm-dead-1' }), lambdaContext());

    const [sent] = deps.invalidChannel.sent;
    expect(sent).toMatchObject({ messageId: 'm-dead-1', correlationId: 'c-rmq-1', source: { transport: 'rabbitmq', topic: 'invoices', partition: 0, offset: 'm-dead-1' } });
    expect(sent?.reasons).toEqual([expect.objectContaining({ code: 'PROCESSING_FAILED', message: expect.stringContaining("delivery limit") })]);
    // A delivery limit of 10 redeliveries: 11 deliveries in all, as the broker test measures.
    expect(sent?.reasons[0]?.message).toContain('after 11 invocation(s)');
    expect(Buffer.from(sent?.payload ?? '', 'utf8').equals(invoice)).toBe(true);
  });

  it('gives a message without an id the id it had on the invoices queue', async () => {
    const original = decodeLambdaRmqEvent(JSON.parse(JSON.stringify(deadLetteredEvent()).replace('invoices.failed::/', 'invoices::/')), NOW)[0];
    const deps = ports();

    await createSettleDeadLetteredHandler(deps)(deadLetteredEvent(), lambdaContext());

    expect(deps.invalidChannel.sent[0]?.messageId).toBe(original?.fallbackId);
    expect(original?.fallbackId).toMatch(/^invoices-[0-9a-f]{32}$/);
  });

  it('quarantines something published straight to the failed queue as it came, saying it is not a dead-lettered message', async () => {
    const deps = ports();

    await createSettleDeadLetteredHandler(deps)(deadLetteredEvent({ messageId: 'm-hand-1', deathHeaders: false }), lambdaContext());

    expect(deps.invalidChannel.sent[0]).toMatchObject({ messageId: 'm-hand-1', source: { topic: 'invoices.failed' } });
    expect(deps.invalidChannel.sent[0]?.reasons[0]?.message).toMatch(/did not dead-letter/);
  });
});

describe('validateInvoices on RabbitMQ', () => {
  it("quarantines AWS's example message (not an invoice) under the id its queue and content give it", async () => {
    const deps = ports();

    await createValidateRabbitMqInvoicesHandler(deps)(savedAwsEvent('rabbitmq-event'), lambdaContext());

    const [sent] = deps.invalidChannel.sent;
    expect(sent?.messageId).toMatch(/^test-[0-9a-f]{32}$/);
    expect(sent?.source).toMatchObject({ topic: 'test', partition: 0 });
    expect(deps.messageLog.entries.get(sent?.messageId ?? '')?.status).toBe('INVALID');
  });

  it('stores an invoice under AMQP message id and correlation id', async () => {
    const deps = ports();

    await createValidateRabbitMqInvoicesHandler(deps)(eventWithInvoice(), lambdaContext());

    expect(await deps.invoiceStore.get({ issuerTaxId: 'B12345678', invoiceNumber: 'F-2026-000123' })).toMatchObject({ messageId: 'm-rmq-1', correlationId: 'c-rmq-1', origin: { topic: 'test', partition: 0, offset: 'm-rmq-1' } });
  });

  it('fails the whole invocation when a store failed (no partial batch response on MQ), and a redelivery then settles it once', async () => {
    // Prepare
    const deps = ports();
    deps.invoiceStore.failing = true;
    const handler = createValidateRabbitMqInvoicesHandler(deps);

    // Act, then the broker delivers the batch again once the store is back
    await expect(handler(eventWithInvoice(), lambdaContext())).rejects.toBeInstanceOf(StoreUnavailableError);
    deps.invoiceStore.failing = false;
    await handler(eventWithInvoice(), lambdaContext());
    await handler(eventWithInvoice(), lambdaContext());

    // Assess
    expect(deps.invoiceStore.items.size).toBe(1);
    expect(deps.metrics.total('InvoicesStored')).toBe(2);
  });
});
