/**
 * InvoicePublisher on Kafka with kafkajs: one idempotent producer per container,
 * acks=all, connected lazily and reused across invocations. A send that the broker
 * does not confirm within the publish timeout fails with PublisherUnavailableError,
 * so the API answers 503 instead of hanging or dropping the record.
 */
import {
  CompressionTypes,
  Kafka,
  logLevel,
  Partitioners,
  type ICustomPartitioner,
  type Message,
  type Producer,
  type RecordMetadata,
} from 'kafkajs';
import { PublisherUnavailableError } from '../../errors';
import type { InvoicePublisher, OutgoingInvoiceRecord, PublishReceipt } from '../../ports/invoice-publisher';

export interface KafkaPublisherOptions {
  brokers: string[];
  clientId: string;
  topic: string;
  publishTimeoutMs: number;
}

type ChosenPartitionMessage = Message & { chosenPartition?: number };

/** The default (Java-compatible) partitioner, noting on each message the partition it chose. */
const rememberingPartitioner: ICustomPartitioner = () => {
  const choose = Partitioners.DefaultPartitioner();
  return (args) => {
    const partition = choose(args);
    (args.message as ChosenPartitionMessage).chosenPartition = partition;
    return partition;
  };
};

export class KafkaInvoicePublisher implements InvoicePublisher {
  private readonly producer: Producer;
  private connection: Promise<void> | undefined;

  constructor(private readonly options: KafkaPublisherOptions) {
    const kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      connectionTimeout: 3000,
      requestTimeout: options.publishTimeoutMs,
      logLevel: logLevel.ERROR,
      // Retries stay inside the publish timeout: the client gets a 503 it can retry, not a hung request.
      retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 1000 },
    });
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: rememberingPartitioner,
    });
    this.producer.on(this.producer.events.DISCONNECT, () => {
      this.connection = undefined;
    });
  }

  async publish(record: OutgoingInvoiceRecord): Promise<PublishReceipt> {
    const [receipt] = await this.publishMany([record]);
    if (!receipt) throw new PublisherUnavailableError('Kafka returned no offset for the record');
    return receipt;
  }

  async publishMany(records: OutgoingInvoiceRecord[]): Promise<PublishReceipt[]> {
    if (records.length === 0) return [];
    try {
      await this.withTimeout(this.connect(), 'connect to Kafka');
      const messages: ChosenPartitionMessage[] = records.map((record) => ({
        key: record.key,
        value: record.value,
        headers: record.headers,
      }));
      const metadata = await this.withTimeout(
        this.producer.send({ topic: this.options.topic, acks: -1, compression: CompressionTypes.None, messages }),
        'publish to Kafka',
      );
      return receiptsInOrder(messages, metadata, this.options.topic);
    } catch (error) {
      this.connection = undefined;
      if (error instanceof PublisherUnavailableError) throw error;
      throw new PublisherUnavailableError(`Kafka did not take the record: ${(error as Error).message}`, error);
    }
  }

  /** Closes the producer; used by tests and local tooling (Lambda containers just freeze). */
  async disconnect(): Promise<void> {
    this.connection = undefined;
    await this.producer.disconnect();
  }

  private connect(): Promise<void> {
    this.connection ??= this.producer.connect().catch((error: unknown) => {
      this.connection = undefined;
      throw error;
    });
    return this.connection;
  }

  private async withTimeout<T>(work: Promise<T>, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new PublisherUnavailableError(`Timed out after ${this.options.publishTimeoutMs} ms trying to ${what}`)),
        this.options.publishTimeoutMs,
      );
    });
    try {
      return await Promise.race([work, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * Kafka appends the records of one request to each partition in the order given, so a
 * record's offset is its partition's base offset plus its rank among that partition's records.
 */
function receiptsInOrder(
  records: ChosenPartitionMessage[],
  metadata: RecordMetadata[],
  topic: string,
): PublishReceipt[] {
  const nextOffset = new Map<number, bigint>();
  for (const entry of metadata) {
    if (entry.baseOffset === undefined) throw new PublisherUnavailableError('Kafka returned no offset for a partition');
    nextOffset.set(entry.partition, BigInt(entry.baseOffset));
  }
  return records.map((record) => {
    const partition = record.chosenPartition;
    const offset = partition === undefined ? undefined : nextOffset.get(partition);
    if (partition === undefined || offset === undefined) {
      throw new PublisherUnavailableError('Kafka returned no offset for the record');
    }
    nextOffset.set(partition, offset + 1n);
    return { topic, partition, offset: offset.toString() };
  });
}
