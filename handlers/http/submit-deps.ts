/**
 * The composition root of the two submit functions (POST /invoices and /invoices/batch),
 * built once per container: the publisher of the configured transport (Kafka's producer by
 * default, RabbitMQ's confirm channel), the message log and the metrics.
 */
import { randomUUID } from 'node:crypto';
import { createDocumentClient } from '../../lib/adapters/dynamodb/document-client';
import { DynamoDbMessageLog } from '../../lib/adapters/dynamodb/dynamodb-message-log';
import { invoicePublisherFor, type ClosableInvoicePublisher } from '../../lib/adapters/invoice-publisher-for';
import { INFRASTRUCTURE } from '../../lib/infrastructure';
import { pipelineMetrics, type PipelineMetrics } from '../../lib/metrics/pipeline-metrics';
import { log } from '../../lib/observability';
import type { SubmitInvoiceDeps } from '../../lib/use-cases/submit-invoice';

export type SubmitDeps = SubmitInvoiceDeps & { metrics: PipelineMetrics };

/** The real ones; the publisher can be closed by whoever built it. */
export function submitDeps(): SubmitDeps & { publisher: ClosableInvoicePublisher } {
  return {
    publisher: invoicePublisherFor(),
    messageLog: new DynamoDbMessageLog(createDocumentClient(), INFRASTRUCTURE.tables.messages.TableName),
    newMessageId: randomUUID,
    now: () => new Date(),
    log,
    metrics: pipelineMetrics(),
  };
}
