/**
 * The event AWS Lambda sends for an Amazon MQ for RabbitMQ event source mapping, as a zod
 * schema, and its decoding into IncomingMessages, so the same validate-batch use case runs on
 * it as on Kafka records.
 *
 * Source: AWS Lambda DG "Using Lambda with Amazon MQ" (example event, saved as
 * test/events/rabbitmq-event.json): `rmqMessagesByQueue` keyed `<queue>::<vhost>`; each message
 * with its AMQP `basicProperties`, `redelivered` and the body as base64 `data`. A string header
 * arrives as `{ bytes: [...] }`, a number as a number; `timestamp` is text such as
 * "Jan 1, 1970, 12:33:41 AM" (UTC).
 *
 * How a message maps: AMQP's own `message_id` and `correlation_id` properties are its
 * `message-id` and `correlation-id` (they win over headers of those names); the other trace
 * fields come from the headers. Its origin is the queue, partition 0 and its message id, with
 * transport `rabbitmq` and the broker's `redelivered`.
 * A message published without a message id (from the management UI, say) is named by its
 * queue and a hash of its properties and body, which Lambda delivers alike every time, so a
 * redelivery gets the same id. The broker's own `x-` headers are left out of that hash: a
 * quorum queue adds `x-delivery-count` to a redelivered message.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { IncomingMessage } from '../../domain/incoming-message';

export const RABBITMQ_TRANSPORT = 'rabbitmq';

const headerValueSchema = z.union([z.object({ bytes: z.array(z.number().int().min(0).max(255)) }), z.string(), z.number(), z.boolean(), z.null()]);

export const lambdaRmqMessageSchema = z.object({
  basicProperties: z
    .object({
      contentType: z.string().nullish(),
      headers: z.record(z.string(), headerValueSchema.or(z.unknown())).nullish(),
      correlationId: z.string().nullish(),
      messageId: z.string().nullish(),
      timestamp: z.string().nullish(),
    })
    .passthrough(),
  redelivered: z.boolean(),
  data: z.string().nullish(),
});

export const lambdaRmqEventSchema = z.object({
  eventSource: z.literal('aws:rmq'),
  eventSourceArn: z.string().optional(),
  rmqMessagesByQueue: z.record(z.string(), z.array(lambdaRmqMessageSchema)),
});

export type LambdaRmqMessage = z.infer<typeof lambdaRmqMessageSchema>;
export type LambdaRmqEvent = z.infer<typeof lambdaRmqEventSchema>;

/**
 * Every message of the event, queue by queue, in the order Lambda listed them.
 * `now` stands in for the send time of a message without a timestamp.
 *
 * @example
 * decodeLambdaRmqEvent(event, new Date()).map((message) => message.headers['message-id'])
 */
export function decodeLambdaRmqEvent(event: unknown, now: Date): IncomingMessage[] {
  const parsed = lambdaRmqEventSchema.parse(event);
  return Object.entries(parsed.rmqMessagesByQueue).flatMap(([queueKey, messages]) => {
    const queue = queueKey.split('::')[0] ?? queueKey;
    return messages.map((message) => toIncomingMessage(queue, message, now));
  });
}

function toIncomingMessage(queue: string, message: LambdaRmqMessage, now: Date): IncomingMessage {
  const properties = message.basicProperties;
  const payload = message.data == null ? null : Buffer.from(message.data, 'base64');
  const headers = decodeHeaders(properties.headers ?? {});
  if (properties.messageId) headers['message-id'] = properties.messageId;
  if (properties.correlationId) headers['correlation-id'] = properties.correlationId;
  const fallbackId = `${queue}-${createHash('sha256').update(JSON.stringify(stableProperties(properties))).update(payload ?? Buffer.alloc(0)).digest('hex').slice(0, 32)}`;
  const sentAt = properties.timestamp ? Date.parse(`${properties.timestamp} UTC`) : Number.NaN;
  return {
    origin: { transport: RABBITMQ_TRANSPORT, topic: queue, partition: 0, offset: headers['message-id'] ?? fallbackId, redelivered: message.redelivered },
    fallbackId,
    timestamp: Number.isNaN(sentAt) ? now : new Date(sentAt),
    key: null,
    payload,
    headers,
  };
}

/** The properties that stay the same on every delivery of a message: all but the broker's `x-` headers. */
function stableProperties(properties: LambdaRmqMessage['basicProperties']): Record<string, unknown> {
  const headers = Object.fromEntries(Object.entries(properties.headers ?? {}).filter(([name]) => !name.startsWith('x-')));
  return { ...properties, headers };
}

/** Header values as text: AMQP long strings as UTF-8, numbers and booleans as written. */
function decodeHeaders(headers: Record<string, unknown>): Record<string, string> {
  const decoded: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === null || value === undefined) continue;
    if (typeof value === 'object' && Array.isArray((value as { bytes?: unknown }).bytes)) decoded[name] = Buffer.from((value as { bytes: number[] }).bytes).toString('utf8');
    else decoded[name] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return decoded;
}
