/**
 * The production adapters, each built once per container on first use and then reused
 * (Lambda keeps the container warm between invocations).
 */
import { getConfig } from '../config';
import { INFRASTRUCTURE } from '../infrastructure';
import { createDocumentClient } from './dynamodb/document-client';
import { DynamoDbClientRegistry } from './dynamodb/dynamodb-client-registry';
import { DynamoDbInvoiceStore } from './dynamodb/dynamodb-invoice-store';
import { DynamoDbMessageLog } from './dynamodb/dynamodb-message-log';
import { DynamoDbQuarantine } from './dynamodb/dynamodb-quarantine';
import { KafkaInvoicePublisher } from './kafka/kafka-invoice-publisher';
import { SnsAdminNotifier } from './sns/sns-admin-notifier';
import { SqsInvalidChannel } from './sqs/sqs-invalid-channel';
import type { UsagePlans } from '../ports/usage-plans';
import { ApiGatewayUsagePlans } from './usage-plans/api-gateway-usage-plans';
import { LocalUsagePlans } from './usage-plans/local-usage-plans';

function once<T>(build: () => T): () => T {
  let built: T | undefined;
  return () => (built ??= build());
}

const documentClient = once(createDocumentClient);
const { tables } = INFRASTRUCTURE;

export const awsAdapters = {
  documentClient,
  invoiceStore: once(() => new DynamoDbInvoiceStore(documentClient(), tables.invoices.TableName)),
  messageLog: once(() => new DynamoDbMessageLog(documentClient(), tables.messages.TableName)),
  quarantine: once(() => new DynamoDbQuarantine(documentClient(), tables.invalidInvoices.TableName)),
  clientRegistry: once(() => new DynamoDbClientRegistry(documentClient(), tables.clients.TableName)),
  usagePlans: once((): UsagePlans => {
    const config = getConfig();
    return config.USAGE_PLAN_NAME_PREFIX ? new ApiGatewayUsagePlans(config.USAGE_PLAN_NAME_PREFIX) : new LocalUsagePlans();
  }),
  invalidChannel: once(() => new SqsInvalidChannel(getConfig().INVALID_INVOICES_QUEUE_NAME)),
  adminNotifier: once(() => new SnsAdminNotifier(getConfig().ADMIN_ALERTS_TOPIC_ARN)),
  invoicePublisher: once(() => {
    const config = getConfig();
    return new KafkaInvoicePublisher({
      brokers: config.KAFKA_BROKERS,
      clientId: config.KAFKA_CLIENT_ID,
      topic: config.INVOICES_TOPIC,
      publishTimeoutMs: config.KAFKA_PUBLISH_TIMEOUT_MS,
    });
  }),
};
