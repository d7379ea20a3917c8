/**
 * Where a message came from, on whatever carried it: enough to find it there again. The
 * names are the record formats' (topic, partition, offset); each transport's adapter fills
 * them in its own terms: for Kafka the topic, partition and offset; for a queue (RabbitMQ)
 * the queue, partition 0, and the message's position or id in it.
 */
export interface MessageOrigin {
  topic: string;
  partition: number;
  offset: string;
}
