/**
 * The local RabbitMQ trigger's event against AWS's documented one (test/events/rabbitmq-event.json):
 * the same fields, the same encodings, and the validator's decoder reads back what was published.
 */
import type { ConsumeMessage } from 'amqplib';
import { buildLambdaRmqEvent, javaMediumDateTime } from '../../../localstack/offline-rabbitmq-trigger/rmq-event';
import { readRabbitMqTriggerSettings } from '../../../localstack/offline-rabbitmq-trigger/trigger-settings';
import { decodeLambdaRmqEvent } from '../../../lib/adapters/rabbitmq/lambda-rmq-event';
import { savedAwsEvent } from '../../helpers/aws-events';

type SavedRmqEvent = { rmqMessagesByQueue: Record<string, Array<{ basicProperties: Record<string, unknown> }>> };

function delivery(overrides: Partial<ConsumeMessage['properties']> = {}, redelivered = false): ConsumeMessage {
  return {
    content: Buffer.from('{"invoiceNumber":"F-1"}'),
    fields: { deliveryTag: 1, redelivered, exchange: '', routingKey: 'invoices', consumerTag: 'c1' },
    properties: {
      contentType: 'application/json',
      contentEncoding: undefined,
      headers: { source: 'invoice-api', 'submitted-at': '2026-12-01T10:00:00.000Z', attempt: 2 },
      deliveryMode: 2,
      priority: undefined,
      correlationId: 'corr-1',
      replyTo: undefined,
      expiration: undefined,
      messageId: 'msg-1',
      timestamp: 2021,
      type: undefined,
      userId: undefined,
      appId: undefined,
      clusterId: undefined,
      ...overrides,
    },
  };
}

describe('buildLambdaRmqEvent', () => {
  it("has exactly the fields of AWS's example event, keyed <queue>::<vhost>", () => {
    const saved = savedAwsEvent<SavedRmqEvent>('rabbitmq-event');
    const built = buildLambdaRmqEvent('arn:aws:mq:us-east-1:000000000000:broker:local:b-1', 'invoices', '/', [delivery()]);

    expect(Object.keys(built).sort()).toEqual(Object.keys(saved).sort());
    expect(Object.keys(built.rmqMessagesByQueue)).toEqual(['invoices::/']);
    const [message] = built.rmqMessagesByQueue['invoices::/'] ?? [];
    expect(Object.keys(message?.basicProperties ?? {}).sort()).toEqual(Object.keys(saved.rmqMessagesByQueue['test::/']?.[0]?.basicProperties ?? {}).sort());
    expect(message?.basicProperties).toMatchObject({ headers: { source: { bytes: [...Buffer.from('invoice-api')] }, attempt: 2 }, contentEncoding: null, bodySize: 23 });
  });

  it("writes the AMQP timestamp as AWS's example does", () => {
    expect(javaMediumDateTime(new Date(2021 * 1000))).toBe('Jan 1, 1970, 12:33:41 AM');
    expect(javaMediumDateTime(new Date('2026-12-01T13:05:09Z'))).toBe('Dec 1, 2026, 1:05:09 PM');
    expect(javaMediumDateTime(new Date('2026-12-01T00:00:00Z'))).toBe('Dec 1, 2026, 12:00:00 AM');
  });

  it('is read back by the validator as published: ids, headers, payload, redelivered', () => {
    const event = buildLambdaRmqEvent('arn:aws:mq:us-east-1:000000000000:broker:local:b-1', 'invoices', '/', [delivery({}, true)]);

    const [message] = decodeLambdaRmqEvent(event, new Date());

    expect(message?.headers).toEqual({ source: 'invoice-api', 'submitted-at': '2026-12-01T10:00:00.000Z', attempt: '2', 'message-id': 'msg-1', 'correlation-id': 'corr-1' });
    expect(message?.payload?.toString()).toBe('{"invoiceNumber":"F-1"}');
    expect(message?.origin).toEqual({ transport: 'rabbitmq', topic: 'invoices', partition: 0, offset: 'msg-1', redelivered: true });
    expect(message?.timestamp.toISOString()).toBe('1970-01-01T00:33:41.000Z');
  });

  it('gives a message without properties (published from the management UI) nulls, as Lambda does', () => {
    const event = buildLambdaRmqEvent('arn', 'invoices', '/', [delivery({ headers: undefined, messageId: undefined, correlationId: undefined, timestamp: undefined, contentType: undefined })]);

    expect(event.rmqMessagesByQueue['invoices::/']?.[0]?.basicProperties).toMatchObject({ headers: null, messageId: null, timestamp: null, contentType: null });
    expect(decodeLambdaRmqEvent(event, new Date())[0]?.fallbackId).toMatch(/^invoices-[0-9a-f]{32}$/);
  });
});

describe('readRabbitMqTriggerSettings', () => {
  const event = { arn: 'arn:aws:mq:us-east-1:000000000000:broker:local:b-1', queue: 'invoices', basicAuthArn: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:x' };

  it("takes Lambda's defaults: batch 100, window 500 ms, vhost /", () => {
    const [settings] = readRabbitMqTriggerSettings({ validateInvoices: { name: 'svc-local-validateInvoices', events: [{ rabbitmq: event }, { http: {} }] } });

    expect(settings).toEqual({ functionKey: 'validateInvoices', functionName: 'svc-local-validateInvoices', brokerArn: event.arn, queue: 'invoices', virtualHost: '/', batchSize: 100, maximumBatchingWindowInSeconds: 0.5 });
  });

  it('refuses a batch size Lambda refuses, naming the function', () => {
    expect(() => readRabbitMqTriggerSettings({ validateInvoices: { events: [{ rabbitmq: { ...event, batchSize: 20_000 } }] } })).toThrow(/validateInvoices: .*batchSize/);
  });

  it('skips a disabled event', () => {
    expect(readRabbitMqTriggerSettings({ validateInvoices: { events: [{ rabbitmq: { ...event, enabled: false } }] } })).toEqual([]);
  });
});
