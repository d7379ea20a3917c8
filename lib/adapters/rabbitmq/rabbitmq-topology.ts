/**
 * The queues and exchange the invoices travel through on RabbitMQ, declared idempotently
 * (declaring what exists with the same settings changes nothing), from lib/resources.json:
 *
 * - `invoices`: a durable quorum queue, replicated on Amazon MQ's cluster brokers. Lambda's MQ
 *   event source mapping retries a failed batch without limit (AWS Lambda DG "Using Lambda
 *   with Amazon MQ"), so the bound comes from the queue: after `deliveryLimit` deliveries
 *   (`x-delivery-limit`) the broker dead-letters the message to `invoices.dlx`.
 *   Dead-lettering is at-least-once (RabbitMQ docs "Dead Letter Exchanges", quorum queues),
 *   which needs `x-overflow: reject-publish`: a message is removed only once the failed queue
 *   has confirmed it, so none is lost on the way.
 * - `invoices.dlx`: a direct exchange; dead-lettered messages keep their routing key (the
 *   queue's name) and land in
 * - `invoices.failed`: a durable quorum queue, drained by the function that settles them as
 *   PROCESSING_FAILED, which retries until it succeeds. RabbitMQ 4 would drop a message after
 *   20 deliveries by default, so its delivery limit is set out of reach (failedQueueDeliveryLimit).
 *
 * A queue that exists with other arguments makes the broker refuse (PRECONDITION_FAILED):
 * the error says which queue, since RabbitMQ cannot change a queue's arguments in place.
 */
import { connect, type Channel, type Options } from 'amqplib';
import { INFRASTRUCTURE } from '../../infrastructure';

export type RabbitMqTopology = Pick<typeof INFRASTRUCTURE.rabbitmq, 'queue' | 'queueType' | 'deliveryLimit' | 'deadLetterExchange' | 'failedQueue' | 'failedQueueDeliveryLimit'>;

/** The arguments of the invoices queue, as declared and as the management UI shows them. */
export function invoicesQueueArguments(topology: RabbitMqTopology = INFRASTRUCTURE.rabbitmq): Record<string, string | number> {
  return {
    'x-queue-type': topology.queueType,
    'x-delivery-limit': topology.deliveryLimit,
    'x-dead-letter-exchange': topology.deadLetterExchange,
    'x-dead-letter-strategy': 'at-least-once',
    'x-overflow': 'reject-publish',
  };
}

/**
 * Declares the failed queue, the dead-letter exchange and its binding, then the invoices queue.
 *
 * @example
 * await declareInvoiceTopology(await connection.createChannel());
 */
export async function declareInvoiceTopology(channel: Channel, topology: RabbitMqTopology = INFRASTRUCTURE.rabbitmq): Promise<void> {
  const declare = async <T>(what: string, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw new Error(`could not declare ${what} (if it exists with other settings, delete it or move its messages first): ${(error as Error).message}`, { cause: error });
    }
  };
  await declare(`queue ${topology.failedQueue}`, () => channel.assertQueue(topology.failedQueue, { durable: true, arguments: { 'x-queue-type': topology.queueType, 'x-delivery-limit': topology.failedQueueDeliveryLimit } }));
  await declare(`exchange ${topology.deadLetterExchange}`, () => channel.assertExchange(topology.deadLetterExchange, 'direct', { durable: true }));
  await declare(`binding ${topology.deadLetterExchange} -> ${topology.failedQueue}`, () => channel.bindQueue(topology.failedQueue, topology.deadLetterExchange, topology.queue));
  await declare(`queue ${topology.queue}`, () => channel.assertQueue(topology.queue, { durable: true, arguments: invoicesQueueArguments(topology) }));
}

/**
 * Connects, declares the topology and disconnects: the provisioning step (locally at start,
 * deployed with npm run rabbitmq:declare).
 *
 * @example
 * await declareInvoiceTopologyAt(await rabbitMqConnectOptions(getConfig()));
 */
export async function declareInvoiceTopologyAt(connectOptions: Options.Connect, topology: RabbitMqTopology = INFRASTRUCTURE.rabbitmq): Promise<void> {
  const connection = await connect(connectOptions, { timeout: 10_000 });
  try {
    await declareInvoiceTopology(await connection.createChannel(), topology);
  } finally {
    await connection.close().catch(() => undefined);
  }
}
