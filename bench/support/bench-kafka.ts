/**
 * The bench's own Kafka topics and groups: created for a measure, loaded with the
 * corpus, read for progress (committed offsets of a group), and deleted afterwards.
 * Never touches the shared `invoices` topic or the `invoice-validator` group.
 */
import { Kafka, logLevel, type Admin, type Producer } from 'kafkajs';
import { INFRASTRUCTURE } from '../../lib/infrastructure';
import type { BenchInvoice } from '../corpus/invoice-corpus';

/** Records per produce request while preloading: well under the broker's 1 MiB per partition batch. */
const PRELOAD_CHUNK = 500;

export class BenchKafka {
  readonly brokers: string[];
  private readonly kafka: Kafka;
  private readonly admin: Admin;

  constructor(brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',')) {
    this.brokers = brokers;
    this.kafka = new Kafka({ clientId: 'invoice-bench', brokers, logLevel: logLevel.NOTHING });
    this.admin = this.kafka.admin();
  }

  /** A producer of the bench's own (the caller connects and disconnects it). */
  producer(): Producer {
    return this.kafka.producer({ allowAutoTopicCreation: false });
  }

  async connect(): Promise<void> {
    await this.admin.connect();
  }

  async disconnect(): Promise<void> {
    await this.admin.disconnect();
  }

  /** A topic with as many partitions as `invoices` (6), so the trigger sees the same layout. */
  async createTopic(topic: string): Promise<void> {
    await this.admin.createTopics({
      waitForLeaders: true,
      topics: [{ topic, numPartitions: INFRASTRUCTURE.kafka.partitions, replicationFactor: 1 }],
    });
  }

  /** Deletes bench topics; a topic already gone is not an error. */
  async deleteTopics(topics: string[]): Promise<void> {
    const existing = new Set(await this.admin.listTopics());
    const ours = topics.filter((topic) => topic.startsWith('bench-') && existing.has(topic));
    if (ours.length > 0) await this.admin.deleteTopics({ topics: ours, timeout: 30_000 });
  }

  async deleteGroup(groupId: string): Promise<void> {
    if (!groupId.startsWith('bench-')) throw new Error(`refusing to delete group ${groupId}: not the bench's`);
    await this.admin.deleteGroups([groupId]).catch(() => undefined);
  }

  /**
   * Puts the corpus on the topic in order, keys and headers as the submit path sets them.
   * A producer per topic: a producer keeps refreshing the metadata of every topic it
   * wrote to, and fails once an earlier bench topic has been deleted.
   */
  async preload(topic: string, corpus: readonly BenchInvoice[]): Promise<void> {
    const producer: Producer = this.kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    try {
      for (let start = 0; start < corpus.length; start += PRELOAD_CHUNK) {
        const messages = corpus.slice(start, start + PRELOAD_CHUNK).map((invoice) => ({ key: invoice.key, value: invoice.value, headers: invoice.headers }));
        await producer.send({ topic, acks: -1, messages });
      }
    } finally {
      await producer.disconnect();
    }
  }

  /** Records on the topic: the sum of every partition's end offset (a new topic starts at 0). */
  async endOffsetTotal(topic: string): Promise<number> {
    const offsets = await this.admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, partition) => sum + Number(partition.high) - Number(partition.low), 0);
  }

  /** Records the group has committed on the topic (a partition with no commit counts 0). */
  async committedTotal(groupId: string, topic: string): Promise<number> {
    const [entry] = await this.admin.fetchOffsets({ groupId, topics: [topic] });
    return (entry?.partitions ?? []).reduce((sum, partition) => sum + Math.max(0, Number(partition.offset)), 0);
  }
}
