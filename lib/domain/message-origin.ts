/**
 * Where a message came from, on whatever carried it: enough to find it there again. The
 * names are the record formats' (topic, partition, offset); each transport's adapter fills
 * them in its own terms: for Kafka the topic, partition and offset; for a queue (RabbitMQ)
 * the queue, partition 0 and the message's id, with `transport` naming the queue's broker
 * and `redelivered` what the broker said of that delivery. Nothing here reads them: they
 * are kept and shown as they were given.
 */
import { z } from 'zod';

export const messageOriginSchema = z.object({
  /** The transport when it is not Kafka, the default (origins written before a second transport have none). */
  transport: z.string().optional(),
  topic: z.string(),
  partition: z.number().int(),
  offset: z.string(),
  /** A queue's word on the delivery: true when the broker had delivered it before. */
  redelivered: z.boolean().optional(),
});

export type MessageOrigin = z.infer<typeof messageOriginSchema>;

/** Just the origin of something that carries one among other fields (a receipt, a quarantined message's source). */
export function originOf(coordinates: MessageOrigin): MessageOrigin {
  const { transport, topic, partition, offset, redelivered } = coordinates;
  return { ...(transport ? { transport } : {}), topic, partition, offset, ...(redelivered === undefined ? {} : { redelivered }) };
}
