/**
 * The deployed RabbitMQ stage's own checks, without a broker: `npm run rabbitmq:declare`
 * (cli/rabbitmq/topology-step.ts) against a fake channel, and the rabbitMqUrl check a deploy
 * runs before packaging (deploy/platform/rabbitmq-url.cjs).
 */
import type { Channel, Options } from 'amqplib';
import { declareTopologyStep, describeTarget, TopologyStepError, type BrokerConnection } from '../../../cli/rabbitmq/topology-step';
import { invoicesQueueArguments } from '../../../lib/adapters/rabbitmq/rabbitmq-topology';
import { INFRASTRUCTURE } from '../../../lib/infrastructure';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { checkDeployedRabbitMqUrl } = require('../../../deploy/platform/rabbitmq-url.cjs') as { checkDeployedRabbitMqUrl: (url: string) => string };

const { rabbitmq } = INFRASTRUCTURE;
const PASSWORD = 'Sup3r-s3cret-pa55';
const DEPLOYED: Options.Connect = { protocol: 'amqps', hostname: 'b-0123.mq.eu-west-1.amazonaws.com', port: 5671, username: 'invoice-pipeline', password: PASSWORD, vhost: '/' };

interface FakeBroker {
  calls: string[];
  closed: boolean;
  connection: BrokerConnection;
}

/** A broker that records each call; `refuse` makes a call ('assertQueue invoices') fail as the broker would. */
function fakeBroker(refuse: Record<string, Error> = {}): FakeBroker {
  const broker: FakeBroker = { calls: [], closed: false, connection: undefined as unknown as BrokerConnection };
  const record = async <T>(call: string, result: T): Promise<T> => {
    broker.calls.push(call);
    const refusal = refuse[call.split(' ').slice(0, 2).join(' ')];
    if (refusal) throw refusal;
    return result;
  };
  const channel = {
    assertQueue: (queue: string, options: { arguments?: Record<string, unknown> }) => record(`assertQueue ${queue} ${JSON.stringify(options.arguments)}`, { queue, messageCount: 0, consumerCount: 0 }),
    assertExchange: (exchange: string, type: string) => record(`assertExchange ${exchange} ${type}`, { exchange }),
    bindQueue: (queue: string, exchange: string, routingKey: string) => record(`bindQueue ${queue} ${exchange} ${routingKey}`, {}),
    checkQueue: (queue: string) => record(`checkQueue ${queue}`, { queue, messageCount: queue === rabbitmq.failedQueue ? 2 : 1, consumerCount: 1 }),
  };
  broker.connection = {
    createChannel: async () => channel as unknown as Channel,
    close: async () => {
      broker.closed = true;
    },
  };
  return broker;
}

const step = (broker: FakeBroker, options: () => Promise<Options.Connect> = async () => DEPLOYED) => declareTopologyStep({ connectOptions: options, connect: async () => broker.connection });

describe('npm run rabbitmq:declare', () => {
  it('declares the failed queue, the dead-letter exchange and its binding, then the invoices queue, and only declares', async () => {
    // Prepare
    const broker = fakeBroker();

    // Act
    await step(broker);

    // Assess
    expect(broker.calls).toEqual([
      `assertQueue ${rabbitmq.failedQueue} ${JSON.stringify({ 'x-queue-type': 'quorum', 'x-delivery-limit': rabbitmq.failedQueueDeliveryLimit })}`,
      `assertExchange ${rabbitmq.deadLetterExchange} direct`,
      `bindQueue ${rabbitmq.failedQueue} ${rabbitmq.deadLetterExchange} ${rabbitmq.queue}`,
      `assertQueue ${rabbitmq.queue} ${JSON.stringify(invoicesQueueArguments())}`,
      `checkQueue ${rabbitmq.failedQueue}`,
      `checkQueue ${rabbitmq.queue}`,
    ]);
    expect(broker.closed).toBe(true);
  });

  it('prints where it declared, as whom, and each queue with its settings and counts, never the password', async () => {
    const lines = await step(fakeBroker());

    expect(lines[0]).toBe('declared on amqps://b-0123.mq.eu-west-1.amazonaws.com:5671, vhost /, as invoice-pipeline:');
    expect(lines.join('\n')).toContain(`queue ${rabbitmq.queue}: quorum, durable, x-delivery-limit ${rabbitmq.deliveryLimit}, then x-dead-letter-exchange ${rabbitmq.deadLetterExchange}`);
    expect(lines.join('\n')).toContain(`queue ${rabbitmq.failedQueue}: quorum, durable (2 messages, 1 consumer)`);
    expect(lines.join('\n')).not.toContain(PASSWORD);
  });

  it('says which queue the broker refused and how to fix it, and still closes the connection', async () => {
    // Prepare
    const broker = fakeBroker({ [`assertQueue ${rabbitmq.queue}`]: new Error("Channel closed by server: 406 (PRECONDITION-FAILED) with message \"PRECONDITION_FAILED - inequivalent arg 'x-delivery-limit'\"") });

    // Act
    const declaring = step(broker);

    // Assess
    await expect(declaring).rejects.toThrow(TopologyStepError);
    await expect(declaring).rejects.toThrow(`could not declare queue ${rabbitmq.queue} (if it exists with other settings, delete it or move its messages first)`);
    expect(broker.closed).toBe(true);
  });

  it.each([
    [Object.assign(new Error('connect ECONNREFUSED 10.0.1.17:5671'), { code: 'ECONNREFUSED' }), /cannot reach .*run this from a host that reaches the broker, in its VPC, with port 5671 open/],
    [new Error('connect ETIMEDOUT'), /cannot reach amqps:\/\/b-0123\.mq\.eu-west-1\.amazonaws\.com:5671/],
    [new Error('Handshake terminated by server: 403 (ACCESS-REFUSED) with message "ACCESS_REFUSED - Login was refused"'), /refused .* check the username and password in the secret/],
    [new Error('Handshake terminated by server: 530 (NOT-ALLOWED) with message "NOT_ALLOWED - access to vhost \'/\' refused"'), /configure, write and read permissions/],
  ])('explains a failed connection (%s) without the password', async (error, explanation) => {
    const connecting = declareTopologyStep({ connectOptions: async () => DEPLOYED, connect: () => Promise.reject(error) });

    const failure = await connecting.then(
      () => new Error('connected'),
      (caught: unknown) => caught as Error,
    );
    expect(failure).toBeInstanceOf(TopologyStepError);
    expect(failure.message).toMatch(explanation);
    expect(failure.message).not.toContain(PASSWORD);
  });

  it('says when the address or the credentials could not be read, before connecting', async () => {
    const broker = fakeBroker();

    const declaring = step(broker, () => Promise.reject(new Error('secret arn:aws:secretsmanager:eu-west-1:123456789012:secret:mq must hold a "username" and a "password" (text)')));

    await expect(declaring).rejects.toThrow(/could not get the broker's address and credentials: secret .* must hold a "username" and a "password"/);
    expect(broker.calls).toEqual([]);
  });

  it('names the local broker by its defaults', () => {
    expect(describeTarget({ hostname: '127.0.0.1', username: 'guest', password: 'guest' })).toBe('amqp://127.0.0.1:5672, vhost /, as guest');
  });
});

describe('the rabbitMqUrl of a deployed stage', () => {
  it('is the broker\'s AMQPS endpoint, taken as given', () => {
    expect(checkDeployedRabbitMqUrl('amqps://b-0123.mq.eu-west-1.amazonaws.com:5671')).toBe('amqps://b-0123.mq.eu-west-1.amazonaws.com:5671');
  });

  it.each([
    ['amqp://b-0123.mq.eu-west-1.amazonaws.com:5672', /amqps:\/\//],
    ['b-0123.mq.eu-west-1.amazonaws.com:5671', /amqps:\/\//],
    ['not a url', /AMQPS endpoint/],
  ])('refuses %s', (url, message) => {
    expect(() => checkDeployedRabbitMqUrl(url)).toThrow(message);
  });

  it('refuses credentials in the URL (they would sit in every function\'s environment), without echoing them', () => {
    const refusal = (() => {
      try {
        checkDeployedRabbitMqUrl(`amqps://invoice-pipeline:${PASSWORD}@b-0123.mq.eu-west-1.amazonaws.com:5671`);
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    })();

    expect(refusal).toMatch(/must not carry a username or password/);
    expect(refusal).not.toContain(PASSWORD);
  });
});
