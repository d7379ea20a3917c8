/**
 * The work of `npm run rabbitmq:declare`, apart from its entry point so that a unit test can run
 * it against a fake broker: connect, declare the invoice topology (idempotent), report what the
 * broker now holds, and turn a failure into a message that says what to fix.
 */
import type { Channel, Options } from 'amqplib';
import { declareInvoiceTopology, invoicesQueueArguments, type RabbitMqTopology } from '../../lib/adapters/rabbitmq/rabbitmq-topology';
import { INFRASTRUCTURE } from '../../lib/infrastructure';

/** The part of amqplib's ChannelModel the step uses. */
export interface BrokerConnection {
  createChannel(): Promise<Channel>;
  close(): Promise<void>;
}

export interface TopologyStepDependencies {
  /** Where and as whom to connect (rabbitMqConnectOptions: the URL, and the secret's user when deployed). */
  connectOptions: () => Promise<Options.Connect>;
  connect: (options: Options.Connect) => Promise<BrokerConnection>;
  topology?: RabbitMqTopology;
}

/** An error of the step, its message already saying what to fix. */
export class TopologyStepError extends Error {
  override readonly name = 'TopologyStepError';
}

/** Network failures that mean "this host does not reach the broker". */
const UNREACHABLE = /ECONNREFUSED|ETIMEDOUT|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN|ECONNRESET/;

/**
 * Declares the topology and returns the lines to print: where, as whom, and each queue and
 * exchange with its settings and current message and consumer counts.
 *
 * @example
 * const lines = await declareTopologyStep({ connectOptions: () => rabbitMqConnectOptions(getConfig()), connect });
 */
export async function declareTopologyStep(dependencies: TopologyStepDependencies): Promise<string[]> {
  const topology = dependencies.topology ?? INFRASTRUCTURE.rabbitmq;
  const options = await dependencies.connectOptions().catch((error: unknown) => {
    throw new TopologyStepError(`could not get the broker's address and credentials: ${messageOf(error)}`, { cause: error });
  });
  const target = describeTarget(options);
  const connection = await dependencies.connect(options).catch((error: unknown) => {
    throw new TopologyStepError(connectFailure(error, options, target), { cause: error });
  });
  try {
    const channel = await connection.createChannel();
    await declareInvoiceTopology(channel, topology).catch((error: unknown) => {
      throw new TopologyStepError(`${target}: ${messageOf(error)}`, { cause: error });
    });
    // Passive declarations: they report the queues and change nothing.
    const failed = await channel.checkQueue(topology.failedQueue);
    const invoices = await channel.checkQueue(topology.queue);
    const { 'x-queue-type': queueType, 'x-delivery-limit': deliveryLimit, ...deadLettering } = invoicesQueueArguments(topology);
    return [
      `declared on ${target}:`,
      `  queue ${topology.queue}: ${String(queueType)}, durable, x-delivery-limit ${String(deliveryLimit)}, then ${describeArguments(deadLettering)} (${counts(invoices)})`,
      `  exchange ${topology.deadLetterExchange}: direct, durable, bound to ${topology.failedQueue} with routing key ${topology.queue}`,
      `  queue ${topology.failedQueue}: ${topology.queueType}, durable (${counts(failed)})`,
      'Declaring again changes nothing: run it whenever in doubt.',
    ];
  } finally {
    await connection.close().catch(() => undefined);
  }
}

/** `amqps://host:port, vhost /, as user`: never the password. */
export function describeTarget(options: Options.Connect): string {
  const protocol = options.protocol ?? 'amqp';
  return `${protocol}://${options.hostname ?? 'localhost'}:${options.port ?? (protocol === 'amqps' ? 5671 : 5672)}, vhost ${options.vhost ?? '/'}, as ${options.username ?? 'guest'}`;
}

function connectFailure(error: unknown, options: Options.Connect, target: string): string {
  const message = messageOf(error);
  const code = (error as { code?: unknown } | null)?.code;
  if (UNREACHABLE.test(`${typeof code === 'string' ? code : ''} ${message}`)) {
    return `cannot reach ${target} (${message}): run this from a host that reaches the broker, in its VPC, with port ${options.port ?? 5671} open to it in the broker's security group`;
  }
  if (/ACCESS.REFUSED/.test(message)) {
    return `the broker refused ${target} (${message}): check the username and password in the secret RABBITMQ_CREDENTIALS_SECRET_ARN names`;
  }
  if (/NOT.ALLOWED/.test(message)) {
    return `the broker let ${target} sign in but not use the vhost (${message}): give the user configure, write and read permissions on it`;
  }
  return `could not connect to ${target}: ${message}`;
}

function describeArguments(args: Record<string, string | number>): string {
  return Object.entries(args)
    .map(([name, value]) => `${name} ${String(value)}`)
    .join(', ');
}

function counts(queue: { messageCount: number; consumerCount: number }): string {
  return `${queue.messageCount} message${queue.messageCount === 1 ? '' : 's'}, ${queue.consumerCount} consumer${queue.consumerCount === 1 ? '' : 's'}`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
