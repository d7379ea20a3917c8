/**
 * The publisher of the configured transport (TRANSPORT): Kafka's producer by default,
 * RabbitMQ's confirm channel when TRANSPORT is rabbitmq. Each function that publishes builds
 * it once per container; only the chosen one ever connects.
 */
import { getConfig, type Config } from '../config';
import type { InvoicePublisher } from '../ports/invoice-publisher';
import { kafkaInvoicePublisher } from './kafka/kafka-invoice-publisher';
import { rabbitMqInvoicePublisher } from './rabbitmq/rabbitmq-invoice-publisher';

/** A publisher its owner can close (tests and local tooling; Lambda containers just freeze). */
export type ClosableInvoicePublisher = InvoicePublisher & { disconnect(): Promise<void> };

export function invoicePublisherFor(config: Config = getConfig()): ClosableInvoicePublisher {
  return config.TRANSPORT === 'rabbitmq' ? rabbitMqInvoicePublisher(config) : kafkaInvoicePublisher(config);
}
