/**
 * InvoicePublisher on RabbitMQ with amqplib: one connection and one confirm channel per
 * container, opened on first use and opened again after the broker or the network drops
 * them. A record is persistent (delivery mode 2) on a durable quorum queue, published
 * `mandatory` to the default exchange, so a missing queue comes back as an error instead of
 * the broker dropping the message. A publish resolves only once the broker has confirmed
 * every record (publisher confirms: the quorum queue has it on a majority of its replicas);
 * a nack, a returned record, a dropped connection or the publish timeout fails it with
 * PublisherUnavailableError, so the API answers 503 with Retry-After.
 *
 * AMQP's own `message_id` and `correlation_id` properties carry those two trace ids (what a
 * RabbitMQ tool shows first); the other trace fields go as headers, named as on Kafka.
 */
import { connect, type ChannelModel, type ConfirmChannel, type Message, type Options } from 'amqplib';
import { getConfig, type Config } from '../../config';
import { HEADER } from '../../domain/message-headers';
import { PublisherUnavailableError } from '../../errors';
import type { InvoicePublisher, OutgoingInvoiceRecord, PublishReceipt } from '../../ports/invoice-publisher';
import { RABBITMQ_TRANSPORT } from './lambda-rmq-event';
import { rabbitMqConnectOptions, type RabbitMqConnectOptions } from './rabbitmq-connection';

export interface RabbitMqPublisherOptions {
  /** Where and as whom to connect; read when the first connection opens. */
  connectOptions: () => Promise<RabbitMqConnectOptions>;
  queue: string;
  publishTimeoutMs: number;
}

interface OpenChannel {
  connection: ChannelModel;
  channel: ConfirmChannel;
  /** Message ids the broker returned as unroutable on this channel (a return comes before its confirm). */
  returned: Set<string>;
}

export class RabbitMqInvoicePublisher implements InvoicePublisher {
  private opening: Promise<OpenChannel> | undefined;

  constructor(private readonly options: RabbitMqPublisherOptions) {}

  async publish(record: OutgoingInvoiceRecord): Promise<PublishReceipt> {
    const [receipt] = await this.publishMany([record]);
    if (!receipt) throw new PublisherUnavailableError('RabbitMQ confirmed nothing for the record');
    return receipt;
  }

  /** Resolves once the broker has confirmed every record, in the order given. */
  async publishMany(records: OutgoingInvoiceRecord[]): Promise<PublishReceipt[]> {
    if (records.length === 0) return [];
    const timeoutMs = this.options.publishTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new PublisherUnavailableError(`Timed out after ${timeoutMs} ms waiting for RabbitMQ to confirm the record`)), timeoutMs);
    });
    try {
      return await Promise.race([this.send(records), timeout]);
    } catch (error) {
      if (error instanceof PublisherUnavailableError) throw error;
      throw new PublisherUnavailableError(`RabbitMQ did not take the record: ${(error as Error).message}`, error);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Closes the connection; used by tests and local tooling (Lambda containers just freeze). */
  async disconnect(): Promise<void> {
    const opening = this.opening;
    this.opening = undefined;
    const open = await opening?.catch(() => undefined);
    await open?.connection.close().catch(() => undefined);
  }

  private async send(records: OutgoingInvoiceRecord[]): Promise<PublishReceipt[]> {
    const open = await this.open();
    const { queue } = this.options;
    const confirms = records.map(
      (record) =>
        new Promise<PublishReceipt>((resolve, reject) => {
          const properties = amqpProperties(record);
          const messageId = properties.messageId ?? '';
          open.channel.publish('', queue, record.value, properties, (error: unknown) => {
            if (open.returned.delete(messageId)) reject(new PublisherUnavailableError(`RabbitMQ has no queue ${queue} to route the record to; declare the topology (npm run rabbitmq:declare)`));
            else if (error) reject(new PublisherUnavailableError(`RabbitMQ refused the record (nack): ${String((error as Error).message ?? error)}`));
            else resolve({ transport: RABBITMQ_TRANSPORT, topic: queue, partition: 0, offset: messageId });
          });
        }),
    );
    return Promise.all(confirms);
  }

  /** The channel of this container, opened on first use and again after it was lost (or could not be opened). */
  private open(): Promise<OpenChannel> {
    if (!this.opening) {
      const opening = this.openChannel(() => {
        if (this.opening === opening) this.opening = undefined;
      });
      this.opening = opening;
      opening.catch(() => {
        if (this.opening === opening) this.opening = undefined;
      });
    }
    return this.opening;
  }

  /** Opens a connection and a confirm channel; `lost` is called when either closes or fails. */
  private async openChannel(lost: () => void): Promise<OpenChannel> {
    const connection = await connect(await this.options.connectOptions(), { timeout: this.options.publishTimeoutMs });
    // Without an 'error' listener a dropped connection would crash the process.
    connection.on('error', lost);
    connection.on('close', lost);
    const channel = await connection.createConfirmChannel();
    const returned = new Set<string>();
    channel.on('return', (message: Message) => {
      const { messageId } = message.properties as { messageId?: string };
      if (messageId) returned.add(messageId);
    });
    channel.on('error', lost);
    channel.on('close', lost);
    return { connection, channel, returned };
  }
}

/** The AMQP properties of a record: persistent, its trace ids as AMQP's own, the rest as headers. */
export function amqpProperties(record: OutgoingInvoiceRecord): Options.Publish & { messageId?: string } {
  const { [HEADER.messageId]: messageId, [HEADER.correlationId]: correlationId, ...headers } = record.headers;
  return {
    persistent: true,
    mandatory: true,
    ...(messageId ? { messageId } : {}),
    ...(correlationId ? { correlationId } : {}),
    contentType: headers[HEADER.contentType] ?? 'application/json',
    // AMQP timestamps are whole seconds.
    timestamp: Math.floor(Date.now() / 1000),
    headers,
  };
}

/** The publisher the configuration describes. Built once per container by each function that publishes. */
export function rabbitMqInvoicePublisher(config: Config = getConfig()): RabbitMqInvoicePublisher {
  let options: Promise<RabbitMqConnectOptions> | undefined;
  return new RabbitMqInvoicePublisher({
    // The secret is read once per container; a failed read is tried again next time.
    connectOptions: () =>
      (options ??= rabbitMqConnectOptions(config).catch((error: unknown) => {
        options = undefined;
        throw error;
      })),
    queue: config.RABBITMQ_QUEUE,
    publishTimeoutMs: config.RABBITMQ_PUBLISH_TIMEOUT_MS,
  });
}
