/**
 * The event Lambda sends for an Amazon MQ for RabbitMQ event source mapping, built from
 * messages amqplib delivered, field for field as AWS documents it (AWS Lambda DG "Using
 * Lambda with Amazon MQ", saved as test/events/rabbitmq-event.json): messages keyed
 * `<queue>::<vhost>`, each with its `basicProperties` (every AMQP property, null when unset;
 * string headers as `{bytes: [...]}`; the timestamp as text like "Jan 1, 1970, 12:33:41 AM"),
 * `redelivered` and the body as base64 `data`.
 */
import type { ConsumeMessage } from 'amqplib';

export interface LambdaRmqEventOut {
  eventSource: 'aws:rmq';
  eventSourceArn: string;
  rmqMessagesByQueue: Record<string, LambdaRmqMessageOut[]>;
}

export interface LambdaRmqMessageOut {
  basicProperties: Record<string, unknown>;
  redelivered: boolean;
  data: string;
}

/** @example buildLambdaRmqEvent(arn, 'invoices', '/', deliveries).rmqMessagesByQueue['invoices::/'].length */
export function buildLambdaRmqEvent(brokerArn: string, queue: string, virtualHost: string, messages: ConsumeMessage[]): LambdaRmqEventOut {
  return { eventSource: 'aws:rmq', eventSourceArn: brokerArn, rmqMessagesByQueue: { [`${queue}::${virtualHost}`]: messages.map(lambdaRmqMessage) } };
}

export function lambdaRmqMessage(message: ConsumeMessage): LambdaRmqMessageOut {
  const p = message.properties;
  return {
    basicProperties: {
      contentType: p.contentType ?? null,
      contentEncoding: p.contentEncoding ?? null,
      headers: p.headers ? lambdaHeaders(p.headers) : null,
      deliveryMode: p.deliveryMode ?? null,
      priority: p.priority ?? null,
      correlationId: p.correlationId ?? null,
      replyTo: p.replyTo ?? null,
      expiration: p.expiration ?? null,
      messageId: p.messageId ?? null,
      timestamp: typeof p.timestamp === 'number' ? javaMediumDateTime(new Date(p.timestamp * 1000)) : null,
      type: p.type ?? null,
      userId: p.userId ?? null,
      appId: p.appId ?? null,
      clusterId: p.clusterId ?? null,
      bodySize: message.content.length,
    },
    redelivered: message.fields.redelivered,
    data: message.content.toString('base64'),
  };
}

/** AMQP header values as Lambda writes them: text as its UTF-8 bytes, numbers and booleans as they are, tables and arrays likewise inside. */
function lambdaHeaders(headers: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, lambdaHeaderValue(value)]));
}

function lambdaHeaderValue(value: unknown): unknown {
  if (typeof value === 'string') return { bytes: [...Buffer.from(value, 'utf8')] };
  if (Buffer.isBuffer(value)) return { bytes: [...value] };
  if (Array.isArray(value)) return value.map(lambdaHeaderValue);
  if (value instanceof Date) return javaMediumDateTime(value);
  if (value && typeof value === 'object') return lambdaHeaders(value as Record<string, unknown>);
  return value ?? null;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Java's DateFormat MEDIUM in UTC (en-US), the form of AWS's example: "Jan 1, 1970, 12:33:41 AM". */
export function javaMediumDateTime(date: Date): string {
  const hours = date.getUTCHours();
  const twelve = hours % 12 === 0 ? 12 : hours % 12;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}, ${date.getUTCFullYear()}, ${twelve}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} ${hours < 12 ? 'AM' : 'PM'}`;
}
