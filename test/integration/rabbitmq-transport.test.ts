/**
 * The RabbitMQ transport against a real broker (Debian's rabbitmq-server, started by the
 * test stack): the publisher's confirms, the local trigger's batches, acks, redeliveries and
 * dead-lettering at the queue's delivery limit, and persistent messages on a durable quorum
 * queue surviving a broker restart (on a node of this test's own). Each test declares its
 * own copy of the topology, so nothing here touches the queues the pipeline consumes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connect, type Channel, type ChannelModel, type GetMessage } from 'amqplib';
import { rabbitMqConnectOptions } from '../../lib/adapters/rabbitmq/rabbitmq-connection';
import { RabbitMqInvoicePublisher } from '../../lib/adapters/rabbitmq/rabbitmq-invoice-publisher';
import { declareInvoiceTopology, invoicesQueueArguments, type RabbitMqTopology } from '../../lib/adapters/rabbitmq/rabbitmq-topology';
import { decodeLambdaRmqEvent } from '../../lib/adapters/rabbitmq/lambda-rmq-event';
import { PublisherUnavailableError } from '../../lib/errors';
import type { OutgoingInvoiceRecord } from '../../lib/ports/invoice-publisher';
import { RabbitMqTriggerConsumer } from '../../localstack/offline-rabbitmq-trigger/queue-consumer';
import type { LambdaRmqEventOut } from '../../localstack/offline-rabbitmq-trigger/rmq-event';
import { startRabbitMqBroker } from '../../localstack/rabbitmq/rabbitmq-broker';
import { LOCAL_PORTS } from '../../localstack/local-env';
import { uniqueName, waitFor } from '../helpers/wait-for';

const url = process.env.RABBITMQ_URL ?? `amqp://guest:guest@127.0.0.1:${LOCAL_PORTS.rabbitmq}`;
const connectOptionsFor = (brokerUrl: string) => rabbitMqConnectOptions({ RABBITMQ_URL: brokerUrl, RABBITMQ_VHOST: '/', RABBITMQ_CREDENTIALS_SECRET_ARN: undefined });

function recordFor(index: number): OutgoingInvoiceRecord {
  return { key: `ISSUER/${index}`, value: Buffer.from(JSON.stringify({ index })), headers: { 'message-id': `m-${index}`, 'correlation-id': `c-${index}`, source: 'rabbitmq-test' } };
}

function topologyFor(name: string, deliveryLimit = 3): RabbitMqTopology {
  return { queue: name, queueType: 'quorum', deliveryLimit, deadLetterExchange: `${name}.dlx`, failedQueue: `${name}.failed`, failedQueueDeliveryLimit: 1_000_000 };
}

describe('the RabbitMQ transport', () => {
  let connection: ChannelModel;
  let channel: Channel;
  const cleanups: Array<() => Promise<unknown>> = [];

  beforeAll(async () => {
    connection = await connect(await connectOptionsFor(url));
    channel = await connection.createChannel();
  });

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  });

  afterAll(async () => {
    await connection.close();
  });

  async function declared(topology: RabbitMqTopology): Promise<RabbitMqTopology> {
    await declareInvoiceTopology(channel, topology);
    cleanups.push(async () => {
      await channel.deleteQueue(topology.queue);
      await channel.deleteQueue(topology.failedQueue);
      await channel.deleteExchange(topology.deadLetterExchange);
    });
    return topology;
  }

  function publisherTo(queue: string, brokerUrl = url, publishTimeoutMs = 5000): RabbitMqInvoicePublisher {
    const publisher = new RabbitMqInvoicePublisher({ connectOptions: () => connectOptionsFor(brokerUrl), queue, publishTimeoutMs });
    cleanups.push(() => publisher.disconnect());
    return publisher;
  }

  async function drain(queue: string): Promise<GetMessage[]> {
    const messages: GetMessage[] = [];
    for (;;) {
      const message = await channel.get(queue, { noAck: true });
      if (!message) return messages;
      messages.push(message);
    }
  }

  it('declares the topology idempotently: a second declaration changes nothing', async () => {
    const topology = await declared(topologyFor(uniqueName('topology')));

    await declareInvoiceTopology(channel, topology);

    const queue = await channel.checkQueue(topology.queue);
    expect(queue.messageCount).toBe(0);
    expect(invoicesQueueArguments(topology)).toMatchObject({ 'x-queue-type': 'quorum', 'x-delivery-limit': 3, 'x-dead-letter-exchange': `${topology.queue}.dlx` });
  });

  it('answers only once the broker confirmed: every record is on the queue, persistent, with its ids as AMQP properties', async () => {
    const topology = await declared(topologyFor(uniqueName('confirms')));
    const publisher = publisherTo(topology.queue);

    const receipts = await Promise.all(Array.from({ length: 50 }, (_, index) => publisher.publish(recordFor(index))));

    expect(receipts[7]).toEqual({ transport: 'rabbitmq', topic: topology.queue, partition: 0, offset: 'm-7' });
    const messages = await drain(topology.queue);
    expect(messages).toHaveLength(50);
    const seventh = messages.find((message) => message.properties.messageId === 'm-7');
    expect(seventh?.properties).toMatchObject({ deliveryMode: 2, correlationId: 'c-7', headers: expect.objectContaining({ source: 'rabbitmq-test' }) as unknown });
    expect(JSON.parse(seventh?.content.toString() ?? '')).toEqual({ index: 7 });
  });

  it('fails with PublisherUnavailableError (the API answers 503) when the queue does not exist, instead of the broker dropping the record', async () => {
    const publisher = publisherTo(uniqueName('no-such-queue'));

    await expect(publisher.publish(recordFor(1))).rejects.toThrow(PublisherUnavailableError);
    await expect(publisher.publish(recordFor(2))).rejects.toThrow(/no queue/);
  });

  it('fails with PublisherUnavailableError within its timeout when no broker answers', async () => {
    const publisher = publisherTo('invoices', 'amqp://guest:guest@127.0.0.1:1', 2000);
    const startedAt = Date.now();

    await expect(publisher.publish(recordFor(1))).rejects.toThrow(PublisherUnavailableError);
    expect(Date.now() - startedAt).toBeLessThan(10_000);
  });

  describe('the local trigger', () => {
    function consumerOf(topology: RabbitMqTopology, invoke: (event: LambdaRmqEventOut) => Promise<unknown>, options: { batchSize?: number; windowSeconds?: number; consumerId?: string } = {}) {
      return connectOptionsFor(url).then((connectOptions) => {
        const consumer = new RabbitMqTriggerConsumer({
          consumerId: options.consumerId ?? 'test-consumer',
          settings: {
            functionKey: 'validateInvoices',
            functionName: 'validateInvoices',
            brokerArn: 'arn:aws:mq:us-east-1:000000000000:broker:local:b-test',
            queue: topology.queue,
            virtualHost: '/',
            batchSize: options.batchSize ?? 10,
            maximumBatchingWindowInSeconds: options.windowSeconds ?? 0.2,
          },
          connectOptions,
          invoke,
          log: () => undefined,
          backoff: { initialMs: 50, maxMs: 200 },
        });
        cleanups.push(() => consumer.stop());
        return consumer;
      });
    }

    it('delivers batches of at most the batch size, as aws:rmq events, and acks them after success', async () => {
      const topology = await declared(topologyFor(uniqueName('batches')));
      await Promise.all(Array.from({ length: 25 }, (_, index) => publisherTo(topology.queue).publish(recordFor(index))));
      const batches: LambdaRmqEventOut[] = [];
      const consumer = await consumerOf(topology, (event) => Promise.resolve(batches.push(event)), { batchSize: 10 });

      await consumer.start();
      await waitFor(() => batches.flatMap((event) => Object.values(event.rmqMessagesByQueue).flat()).length >= 25, { what: '25 messages delivered' });
      await consumer.stop();

      expect(batches.every((event) => (event.rmqMessagesByQueue[`${topology.queue}::/`]?.length ?? 0) <= 10)).toBe(true);
      const ids = batches.flatMap((event) => decodeLambdaRmqEvent(event, new Date()).map((message) => message.headers['message-id']));
      expect(new Set(ids).size).toBe(25);
      expect((await channel.checkQueue(topology.queue)).messageCount).toBe(0);
    });

    it('puts a failed batch back on the queue, delivered again marked redelivered, until it succeeds', async () => {
      const topology = await declared(topologyFor(uniqueName('redelivery'), 5));
      await publisherTo(topology.queue).publish(recordFor(1));
      const deliveries: boolean[] = [];
      const consumer = await consumerOf(topology, (event) => {
        const [message] = event.rmqMessagesByQueue[`${topology.queue}::/`] ?? [];
        deliveries.push(message?.redelivered ?? false);
        return deliveries.length < 3 ? Promise.reject(new Error('store down')) : Promise.resolve(undefined);
      });

      await consumer.start();
      await waitFor(() => deliveries.length >= 3, { what: 'the third delivery' });
      await consumer.stop();

      expect(deliveries).toEqual([false, true, true]);
      expect((await channel.checkQueue(topology.queue)).messageCount).toBe(0);
      expect(await drain(topology.failedQueue)).toHaveLength(0);
    });

    it('dead-letters a message that fails on every delivery to the failed queue at the delivery limit, body and ids intact', async () => {
      const topology = await declared(topologyFor(uniqueName('poison'), 3));
      await publisherTo(topology.queue).publish(recordFor(9));
      let invocations = 0;
      const consumer = await consumerOf(topology, () => {
        invocations += 1;
        return Promise.reject(new Error('never settles'));
      });

      await consumer.start();
      const [dead] = await waitFor(async () => {
        const messages = await drain(topology.failedQueue);
        return messages.length > 0 ? messages : undefined;
      }, { what: 'the dead-lettered message', timeoutMs: 60_000 });
      await consumer.stop();

      expect(dead?.properties).toMatchObject({ messageId: 'm-9', correlationId: 'c-9' });
      expect(dead?.properties.headers).toMatchObject({ 'x-first-death-queue': topology.queue, 'x-first-death-reason': 'delivery_limit' });
      expect(JSON.parse(dead?.content.toString() ?? '')).toEqual({ index: 9 });
      // x-delivery-limit 3: the first delivery and three redeliveries.
      expect(invocations).toBe(4);
      expect((await channel.checkQueue(topology.queue)).messageCount).toBe(0);
    });

    it('shares a queue between competing consumers: each message reaches one of them', async () => {
      const topology = await declared(topologyFor(uniqueName('competing')));
      const seen: Array<{ consumer: string; id: string | undefined }> = [];
      const consumers = await Promise.all(
        ['a', 'b', 'c'].map((name) =>
          consumerOf(topology, (event) => {
            for (const message of decodeLambdaRmqEvent(event, new Date())) seen.push({ consumer: name, id: message.headers['message-id'] });
            return new Promise((resolve) => setTimeout(resolve, 50));
          }, { batchSize: 5, consumerId: name }),
        ),
      );
      await Promise.all(consumers.map((consumer) => consumer.start()));

      const publisher = publisherTo(topology.queue);
      await Promise.all(Array.from({ length: 60 }, (_, index) => publisher.publish(recordFor(index))));
      await waitFor(() => seen.length >= 60, { what: '60 messages consumed' });
      await Promise.all(consumers.map((consumer) => consumer.stop()));

      expect(new Set(seen.map((entry) => entry.id)).size).toBe(60);
      expect(seen).toHaveLength(60);
      expect(new Set(seen.map((entry) => entry.consumer)).size).toBeGreaterThan(1);
    });
  });

  it('keeps persistent messages on the durable queue across a broker restart, and the publisher reconnects (503 while it is down)', async () => {
    // A node of this test's own, so restarting it disturbs nothing else.
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'rabbitmq-restart-'));
    const ports = { port: LOCAL_PORTS.rabbitmq + 300, managementPort: LOCAL_PORTS.rabbitmqManagement + 300, distributionPort: LOCAL_PORTS.rabbitmqDistribution + 300 };
    const start = () => startRabbitMqBroker({ ...ports, dataDir, logFile: path.join(dataDir, 'node.log'), log: () => undefined });
    let broker = await start();
    cleanups.push(async () => {
      await broker.stop();
      rmSync(dataDir, { recursive: true, force: true });
    });
    const brokerUrl = `amqp://guest:guest@127.0.0.1:${ports.port}`;
    const topology = topologyFor('invoices');
    const admin = await connect(await connectOptionsFor(brokerUrl));
    await declareInvoiceTopology(await admin.createChannel(), topology);
    await admin.close();
    const publisher = publisherTo(topology.queue, brokerUrl, 3000);
    await Promise.all(Array.from({ length: 20 }, (_, index) => publisher.publish(recordFor(index))));

    await broker.stop();
    await expect(publisher.publish(recordFor(99))).rejects.toThrow(PublisherUnavailableError);
    broker = await start();

    await waitFor(() => publisher.publish(recordFor(20)).then(() => true), { what: 'the publisher to reconnect', timeoutMs: 30_000 });
    const again = await connect(await connectOptionsFor(brokerUrl));
    const check = await again.createChannel();
    const queue = await waitFor(async () => {
      const state = await check.checkQueue(topology.queue);
      return state.messageCount >= 21 ? state : undefined;
    }, { what: 'the 21 messages after the restart' });
    await again.close();
    expect(queue.messageCount).toBe(21);
  });
});
