/**
 * What the admin section runs in-process, in one bundle (as the functions are bundled, so
 * ESM-only middy loads): the four admin handlers over the quarantine and message log on the
 * bench's own tables, and a Kafka publisher on its own topic for the resends.
 */
import { createDocumentClient } from '../../lib/adapters/dynamodb/document-client';
import { DynamoDbInvoiceStore } from '../../lib/adapters/dynamodb/dynamodb-invoice-store';
import { DynamoDbMessageLog } from '../../lib/adapters/dynamodb/dynamodb-message-log';
import { DynamoDbQuarantine, type QuarantineTables } from '../../lib/adapters/dynamodb/dynamodb-quarantine';
import { KafkaInvoicePublisher } from '../../lib/adapters/kafka/kafka-invoice-publisher';
import { INFRASTRUCTURE } from '../../lib/infrastructure';
import type { PipelineMetrics } from '../../lib/metrics/pipeline-metrics';
import { createCountInvalidInvoicesHandler } from '../../handlers/admin/count-invalid-invoices';
import { createGetInvalidInvoiceHandler } from '../../handlers/admin/get-invalid-invoice';
import { createListInvalidInvoicesHandler } from '../../handlers/admin/list-invalid-invoices';
import { createResendInvalidInvoiceHandler } from '../../handlers/admin/resend-invalid-invoice';

/** The resend counts what it resent; the bench has no use for the EMF line. */
const silentMetrics: PipelineMetrics = {
  addMetric: () => undefined,
  singleMetric: () => ({ addDimensions: () => undefined, addMetric: () => undefined }),
  hasStoredMetrics: () => false,
  publishStoredMetrics: () => undefined,
};

export function adminHandlers(options: { tables: QuarantineTables; messagesTable: string; topic: string; brokers: string[] }) {
  const documents = createDocumentClient();
  const quarantine = new DynamoDbQuarantine(documents, options.tables);
  const messageLog = new DynamoDbMessageLog(documents, options.messagesTable);
  const publisher = new KafkaInvoicePublisher({ brokers: options.brokers, clientId: 'invoice-bench-admin', topic: options.topic, publishTimeoutMs: 10_000, auth: { mechanism: 'none', ssl: false } });
  return {
    publisher,
    list: createListInvalidInvoicesHandler({ quarantine }),
    counts: createCountInvalidInvoicesHandler({ quarantine }),
    detail: createGetInvalidInvoiceHandler({ quarantine, messageLog, invoices: new DynamoDbInvoiceStore(documents, INFRASTRUCTURE.tables.invoices.TableName) }),
    resend: createResendInvalidInvoiceHandler({
      quarantine,
      publisher,
      messageLog,
      now: () => new Date(),
      maxPayloadBytes: INFRASTRUCTURE.http.maxBodyBytes,
      log: { info: () => undefined, warn: () => undefined },
      metrics: silentMetrics,
    }),
  };
}
