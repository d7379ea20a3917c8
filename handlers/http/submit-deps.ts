/**
 * The composition root of the two submit functions (POST /invoices and /invoices/batch),
 * built once per container: the Kafka producer, the message log and the metrics.
 */
import { randomUUID } from 'node:crypto';
import { createDocumentClient } from '../../lib/adapters/dynamodb/document-client';
import { DynamoDbMessageLog } from '../../lib/adapters/dynamodb/dynamodb-message-log';
import { kafkaInvoicePublisher, type KafkaInvoicePublisher } from '../../lib/adapters/kafka/kafka-invoice-publisher';
import { INFRASTRUCTURE } from '../../lib/infrastructure';
import { pipelineMetrics, type PipelineMetrics } from '../../lib/metrics/pipeline-metrics';
import { log } from '../../lib/observability';
import type { SubmitInvoiceDeps } from '../../lib/use-cases/submit-invoice';

export type SubmitDeps = SubmitInvoiceDeps & { metrics: PipelineMetrics };

/** The real ones; the producer is the concrete one, so whoever built it can disconnect it. */
export function submitDeps(): SubmitDeps & { publisher: KafkaInvoicePublisher } {
  return {
    publisher: kafkaInvoicePublisher(),
    messageLog: new DynamoDbMessageLog(createDocumentClient(), INFRASTRUCTURE.tables.messages.TableName),
    newMessageId: randomUUID,
    now: () => new Date(),
    log,
    metrics: pipelineMetrics(),
  };
}
