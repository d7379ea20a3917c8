/**
 * The 202 body of an accepted invoice, in its transport's terms (docs/openapi.yaml,
 * SubmissionReceipt): on Kafka its topic, partition and offset; on RabbitMQ the transport and
 * the queue (a queue has no position to give). The message and correlation ids are the same on both.
 */
import type { SubmissionReceipt } from '../use-cases/invoice-record';

export type SubmissionReceiptBody =
  | { messageId: string; correlationId: string; topic: string; partition: number; offset: string }
  | { messageId: string; correlationId: string; transport: string; queue: string };

/** @example submissionReceiptBody({ messageId, correlationId, transport: 'rabbitmq', topic: 'invoices', partition: 0, offset: messageId }) // { messageId, correlationId, transport: 'rabbitmq', queue: 'invoices' } */
export function submissionReceiptBody(receipt: SubmissionReceipt): SubmissionReceiptBody {
  const { messageId, correlationId, transport, topic, partition, offset } = receipt;
  return transport ? { messageId, correlationId, transport, queue: topic } : { messageId, correlationId, topic, partition, offset };
}
