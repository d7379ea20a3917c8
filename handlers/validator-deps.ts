/**
 * The composition root of the broker-triggered functions (validateInvoices and
 * settleFailedRecords, on Kafka or RabbitMQ), built once per container: the invoice store,
 * the message log, the invalid channel, and who the validator is. No broker client: Lambda
 * delivers the messages.
 */
import { createDocumentClient } from '../lib/adapters/dynamodb/document-client';
import { DynamoDbInvoiceStore } from '../lib/adapters/dynamodb/dynamodb-invoice-store';
import { DynamoDbMessageLog } from '../lib/adapters/dynamodb/dynamodb-message-log';
import { SqsInvalidChannel } from '../lib/adapters/sqs/sqs-invalid-channel';
import { getConfig } from '../lib/config';
import { INFRASTRUCTURE } from '../lib/infrastructure';
import type { ValidateBatchDeps } from '../lib/use-cases/validate-invoice-batch';

export function validatorDeps(): ValidateBatchDeps {
  const config = getConfig();
  const documentClient = createDocumentClient();
  const { tables } = INFRASTRUCTURE;
  return {
    invoiceStore: new DynamoDbInvoiceStore(documentClient, tables.invoices.TableName),
    invalidChannel: new SqsInvalidChannel(config.INVALID_INVOICES_QUEUE_NAME),
    messageLog: new DynamoDbMessageLog(documentClient, tables.messages.TableName),
    now: () => new Date(),
    validator: { name: config.SERVICE_NAME, version: config.SERVICE_VERSION },
    maxPayloadBytes: INFRASTRUCTURE.http.maxBodyBytes,
  };
}
