/**
 * InvoicePublisher on Kafka with kafkajs: one idempotent producer per container,
 * acks=all, built and connected lazily and reused across invocations. It signs in as
 * KAFKA_AUTH says (kafka-auth.ts): nothing locally, IAM on MSK, SCRAM on self-managed Kafka,
 * reading SCRAM credentials once per container. A send that the broker
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
import { getConfig, type Config } from '../../config';
import { PublisherUnavailableError } from '../../errors';
import type { InvoicePublisher, OutgoingInvoiceRecord, PublishReceipt } from '../../ports/invoice-publisher';
import { SendCoalescer } from './send-coalescer';
import { kafkaAuthSettings, kafkaConnectionOptions, type KafkaAuthSettings, type KafkaCredentialSources } from './kafka-auth';

export interface KafkaPublisherOptions {
  brokers: string[];
  clientId: string;
  topic: string;
  publishTimeoutMs: number;
  /** How to sign in to the brokers; by default what the configuration says (KAFKA_AUTH). */
  auth?: KafkaAuthSettings;
  /** Where MSK tokens and SCRAM secrets come from; by default AWS. */
  credentialSources?: KafkaCredentialSources;
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

/**
 * At most this much goes into one produce request, so that no partition's record batch can
 * reach the broker's default message.max.bytes (1 MiB, also MSK's default).
 */
const MAX_REQUEST_BYTES = 768 * 1024;
const MAX_REQUEST_RECORDS = 1000;

function recordBytes(record: OutgoingInvoiceRecord): number {
  let bytes = record.key.length + record.value.length;
  for (const [name, value] of Object.entries(record.headers)) bytes += name.length + value.length;
  return bytes;
}

export class KafkaInvoicePublisher implements InvoicePublisher {
  private producer: Promise<Producer> | undefined;
  private connection: Promise<Producer> | undefined;
  // Every connect still running, even one a caller stopped waiting for: disconnect waits for them.
  private readonly connectsInFlight = new Set<Promise<unknown>>();
  // Concurrent publishes (many requests in one process, as under serverless-offline) share
  // produce requests instead of queueing behind the producer's single request in flight.
  private readonly sends = new SendCoalescer<OutgoingInvoiceRecord, PublishReceipt>({
    send: (records) => this.send(records),
    maxItems: MAX_REQUEST_RECORDS,
    maxBytes: MAX_REQUEST_BYTES,
    sizeOf: recordBytes,
  });

  constructor(private readonly options: KafkaPublisherOptions) {}

  async publish(record: OutgoingInvoiceRecord): Promise<PublishReceipt> {
    const [receipt] = await this.publishMany([record]);
    if (!receipt) throw new PublisherUnavailableError('Kafka returned no offset for the record');
    return receipt;
  }

  /**
   * Resolves once Kafka has taken every record, or rejects with PublisherUnavailableError
   * within the publish timeout. Records still waiting for their request when the timeout
   * ends are never sent; records already sent may have been written (a retry is then a
   * duplicate, which the validator recognises).
   */
  async publishMany(records: OutgoingInvoiceRecord[]): Promise<PublishReceipt[]> {
    if (records.length === 0) return [];
    const timeoutMs = this.options.publishTimeoutMs;
    const deadline = new AbortController();
    const timer = setTimeout(
      () => deadline.abort(new PublisherUnavailableError(`Timed out after ${timeoutMs} ms trying to publish to Kafka`)),
      timeoutMs,
    );
    try {
      return await this.sends.submit(records, deadline.signal);
    } catch (error) {
      if (error instanceof PublisherUnavailableError) throw error;
      throw new PublisherUnavailableError(`Kafka did not take the record: ${(error as Error).message}`, error);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Closes the producer; used by tests and local tooling (Lambda containers just freeze). */
  async disconnect(): Promise<void> {
    this.connection = undefined;
    // A connect that timed out for its caller may still be retrying; closing under it would
    // leave the client library reconnecting (and logging) after the owner has gone.
    await Promise.all([...this.connectsInFlight].map((connecting) => connecting.catch(() => undefined)));
    const producer = await this.producer?.catch(() => undefined);
    await producer?.disconnect();
  }

  private connect(): Promise<Producer> {
    if (this.connection) return this.connection;
    const connecting = this.theProducer()
      .then(async (producer) => {
        await producer.connect();
        return producer;
      })
      .catch((error: unknown) => {
        if (this.connection === connecting) this.connection = undefined;
        throw error;
      })
      .finally(() => this.connectsInFlight.delete(connecting));
    this.connectsInFlight.add(connecting);
    this.connection = connecting;
    return connecting;
  }

  /** The one producer of this container, built on first use (a failed build is tried again next time). */
  private theProducer(): Promise<Producer> {
    this.producer ??= this.buildProducer().catch((error: unknown) => {
      this.producer = undefined;
      throw error;
    });
    return this.producer;
  }

  private async buildProducer(): Promise<Producer> {
    const auth = this.options.auth ?? kafkaAuthSettings(getConfig());
    const kafka = new Kafka({
      clientId: this.options.clientId,
      brokers: this.options.brokers,
      ...(await kafkaConnectionOptions(auth, this.options.credentialSources)),
      connectionTimeout: 3000,
      requestTimeout: this.options.publishTimeoutMs,
      logLevel: logLevel.ERROR,
      // Retries stay inside the publish timeout: the client gets a 503 it can retry, not a hung request.
      retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 1000 },
    });
    const producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: rememberingPartitioner,
    });
    producer.on(producer.events.DISCONNECT, () => {
      this.connection = undefined;
    });
    return producer;
  }

  /** One produce request with the records of every publish waiting for it. */
  private async send(records: OutgoingInvoiceRecord[]): Promise<PublishReceipt[]> {
    try {
      const producer = await this.withTimeout(this.connect(), 'connect to Kafka');
      const messages: ChosenPartitionMessage[] = records.map((record) => ({
        key: record.key,
        value: record.value,
        headers: record.headers,
      }));
      const metadata = await this.withTimeout(
        producer.send({ topic: this.options.topic, acks: -1, compression: CompressionTypes.None, messages }),
        'publish to Kafka',
      );
      return receiptsInOrder(messages, metadata, this.options.topic);
    } catch (error) {
      this.connection = undefined;
      throw error;
    }
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

/**
 * The publisher the configuration describes: its brokers, client id, topic, timeout and
 * sign-in. Built once per container by each function that publishes.
 */
export function kafkaInvoicePublisher(config: Config = getConfig()): KafkaInvoicePublisher {
  return new KafkaInvoicePublisher({
    brokers: config.KAFKA_BROKERS,
    clientId: config.KAFKA_CLIENT_ID,
    topic: config.INVOICES_TOPIC,
    publishTimeoutMs: config.KAFKA_PUBLISH_TIMEOUT_MS,
    auth: kafkaAuthSettings(config),
  });
}
