/** What the RabbitMQ publisher sends and answers, and how it signs in; the broker itself is in test/integration/rabbitmq-transport.test.ts. */
import { amqpProperties } from '../../../lib/adapters/rabbitmq/rabbitmq-invoice-publisher';
import { rabbitMqConnectOptions } from '../../../lib/adapters/rabbitmq/rabbitmq-connection';
import { submissionReceiptBody } from '../../../lib/http/submission-receipt';

describe('amqpProperties', () => {
  it("carries the message and correlation ids as AMQP's own properties, the other trace fields as headers, persistent", () => {
    const properties = amqpProperties({ key: 'B1/F-1', value: Buffer.from('{}'), headers: { 'message-id': 'm1', 'correlation-id': 'c1', 'content-type': 'application/json', source: 'invoice-api' } });

    expect(properties).toMatchObject({ persistent: true, mandatory: true, messageId: 'm1', correlationId: 'c1', contentType: 'application/json', headers: { 'content-type': 'application/json', source: 'invoice-api' } });
    expect(properties.headers).not.toHaveProperty('message-id');
    expect(properties.headers).not.toHaveProperty('correlation-id');
  });
});

describe('rabbitMqConnectOptions', () => {
  const base = { RABBITMQ_URL: 'amqp://guest:guest@127.0.0.1:5672', RABBITMQ_VHOST: '/', RABBITMQ_CREDENTIALS_SECRET_ARN: undefined };

  it('takes the local user from the URL', async () => {
    await expect(rabbitMqConnectOptions(base)).resolves.toMatchObject({ protocol: 'amqp', hostname: '127.0.0.1', port: 5672, username: 'guest', password: 'guest', vhost: '/' });
  });

  it("takes Amazon MQ's user from the secret, over TLS on 5671 by default", async () => {
    const options = await rabbitMqConnectOptions(
      { ...base, RABBITMQ_URL: 'amqps://b-1.mq.us-east-1.amazonaws.com', RABBITMQ_CREDENTIALS_SECRET_ARN: 'arn:secret' },
      () => Promise.resolve('{"username":"invoices","password":"s3cret"}'),
    );

    expect(options).toMatchObject({ protocol: 'amqps', hostname: 'b-1.mq.us-east-1.amazonaws.com', port: 5671, username: 'invoices', password: 's3cret' });
  });

  it('says what the secret must hold when it is not the username and password', async () => {
    await expect(rabbitMqConnectOptions({ ...base, RABBITMQ_CREDENTIALS_SECRET_ARN: 'arn:secret' }, () => Promise.resolve('{"user":"x"}'))).rejects.toThrow(/"username" and a "password"/);
    await expect(rabbitMqConnectOptions({ ...base, RABBITMQ_CREDENTIALS_SECRET_ARN: 'arn:secret' }, () => Promise.resolve('not json'))).rejects.toThrow(/must be JSON/);
  });

  it('refuses a URL that is not AMQP, saying the form it takes', async () => {
    await expect(rabbitMqConnectOptions({ ...base, RABBITMQ_URL: 'http://127.0.0.1:15672' })).rejects.toThrow(/amqp:\/\/ or amqps:\/\//);
    await expect(rabbitMqConnectOptions({ ...base, RABBITMQ_URL: 'nonsense' })).rejects.toThrow(/must be a URL/);
  });
});

describe('submissionReceiptBody', () => {
  it('names the transport and queue on RabbitMQ, and keeps Kafka\'s topic, partition and offset as they were', () => {
    expect(submissionReceiptBody({ messageId: 'm', correlationId: 'c', transport: 'rabbitmq', topic: 'invoices', partition: 0, offset: 'm' })).toEqual({ messageId: 'm', correlationId: 'c', transport: 'rabbitmq', queue: 'invoices' });
    expect(submissionReceiptBody({ messageId: 'm', correlationId: 'c', topic: 'invoices', partition: 3, offset: '42' })).toEqual({ messageId: 'm', correlationId: 'c', topic: 'invoices', partition: 3, offset: '42' });
  });
});
