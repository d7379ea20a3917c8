/**
 * What the in-process ingest measure runs, in one bundle: the two submit handlers built
 * over one set of adapters, as one Lambda container's composition root builds them, so the
 * handlers and the bare publish share one producer.
 */
import { randomUUID } from 'node:crypto';
import { createDocumentClient } from '../../lib/adapters/dynamodb/document-client';
import { DynamoDbMessageLog } from '../../lib/adapters/dynamodb/dynamodb-message-log';
import { kafkaInvoicePublisher } from '../../lib/adapters/kafka/kafka-invoice-publisher';
import { INFRASTRUCTURE } from '../../lib/infrastructure';
import { pipelineMetrics } from '../../lib/metrics/pipeline-metrics';
import { log } from '../../lib/observability';
import { createSubmitInvoiceHandler } from '../../handlers/http/submit-invoice';
import { createSubmitInvoiceBatchHandler } from '../../handlers/http/submit-invoice-batch';

export const publisher = kafkaInvoicePublisher();
const deps = {
  publisher,
  messageLog: new DynamoDbMessageLog(createDocumentClient(), INFRASTRUCTURE.tables.messages.TableName),
  newMessageId: randomUUID,
  now: () => new Date(),
  log,
  metrics: pipelineMetrics(),
};
export const submitInvoice = createSubmitInvoiceHandler(deps);
export const submitInvoiceBatch = createSubmitInvoiceBatchHandler(deps);
export { prepareRecord } from '../../lib/use-cases/invoice-record';
