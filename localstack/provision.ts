/**
 * Creates the local resources, idempotently, from lib/resources.json (the same
 * source serverless.yml reads): Kafka topics, SQS queues with the redrive policy, the
 * SNS admin topic with the admin-alerts-inbox queue subscribed, and the DynamoDB tables.
 * Safe to run again and again; existing resources are left as they are.
 */
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceInUseException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
  type CreateTableCommandInput,
  type UpdateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  SetQueueAttributesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Kafka, logLevel } from 'kafkajs';
import { DynamoDbQuarantine, quarantineTables } from '../lib/adapters/dynamodb/dynamodb-quarantine';
import { backfillQuarantineIndex } from '../lib/adapters/dynamodb/quarantine-backfill';
import { DynamoDbClientRegistry } from '../lib/adapters/dynamodb/dynamodb-client-registry';
import { LocalUsagePlans } from '../lib/adapters/usage-plans/local-usage-plans';
import { rabbitMqConnectOptions } from '../lib/adapters/rabbitmq/rabbitmq-connection';
import { declareInvoiceTopologyAt } from '../lib/adapters/rabbitmq/rabbitmq-topology';
import { getConfig, type Transport } from '../lib/config';
import { ANY_ISSUER, apiKeyHash } from '../lib/domain/client';
import { DEMO_USAGE_PLAN } from '../lib/middlewares/local-usage-plan';
import { INFRASTRUCTURE, type TableDefinition } from '../lib/infrastructure';

export interface ProvisionedResources {
  invalidInvoicesQueueUrl: string;
  adminAlertsInboxUrl: string;
  adminAlertsTopicArn: string;
}

/** Every AWS resource, and each transport's own: Kafka's topics, RabbitMQ's queues and exchange. */
export async function provisionLocalResources(log: (line: string) => void = () => undefined, transports: Transport[] = ['kafka']): Promise<ProvisionedResources> {
  const [aws] = await Promise.all([
    provisionAws(log),
    ...transports.map((transport) => (transport === 'rabbitmq' ? provisionRabbitMqTopology(log) : provisionKafkaTopics(log))),
  ]);
  return aws;
}

/** Declares the invoices queue, its dead-letter exchange and the failed queue (idempotent). */
export async function provisionRabbitMqTopology(log: (line: string) => void): Promise<void> {
  await declareInvoiceTopologyAt(await rabbitMqConnectOptions(getConfig(process.env)));
  const { queue, queueType, deliveryLimit, failedQueue, deadLetterExchange } = INFRASTRUCTURE.rabbitmq;
  log(`rabbitmq: ${queueType} queue ${queue} (delivery limit ${deliveryLimit}, then ${deadLetterExchange} -> ${failedQueue})`);
}

/** Creates the invoices topics when missing (6 partitions each, replication 1 on one broker). */
export async function provisionKafkaTopics(log: (line: string) => void): Promise<void> {
  const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
  const admin = new Kafka({ clientId: 'provisioning', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const { topic, failedTopic, partitions } = INFRASTRUCTURE.kafka;
    const missing = [topic, failedTopic].filter((name) => !existing.has(name));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        // Records up to 2 MiB reach the validator, so an oversized invoice is rejected with its
        // reason (PAYLOAD_TOO_LARGE) instead of being refused by the broker with no trace.
        topics: missing.map((name) => ({
          topic: name,
          numPartitions: partitions,
          replicationFactor: 1,
          configEntries: [{ name: 'max.message.bytes', value: String(INFRASTRUCTURE.kafka.maxMessageBytes) }],
        })),
      });
    }
    log(`kafka topics: ${[topic, failedTopic].join(', ')} (${partitions} partitions)${missing.length ? `, created ${missing.join(', ')}` : ''}`);
  } finally {
    await admin.disconnect();
  }
}

async function provisionAws(log: (line: string) => void): Promise<ProvisionedResources> {
  const [queues] = await Promise.all([provisionQueuesAndTopic(log), provisionTables(log)]);
  return queues;
}

async function provisionQueuesAndTopic(log: (line: string) => void): Promise<ProvisionedResources> {
  const sqs = new SQSClient({});
  const sns = new SNSClient({});
  const { queues, topics } = INFRASTRUCTURE;
  const retention = String(queues.retentionSeconds);
  const dlqUrl = await createQueue(sqs, queues.invalidInvoicesDlq, { MessageRetentionPeriod: retention });
  const dlqArn = await queueArn(sqs, dlqUrl);
  const invalidInvoicesQueueUrl = await createQueue(sqs, queues.invalidInvoices, {
    MessageRetentionPeriod: retention,
    VisibilityTimeout: String(queues.visibilityTimeoutSeconds),
    MaximumMessageSize: String(queues.maximumMessageSizeBytes),
    RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: queues.maxReceiveCount }),
  });
  const adminAlertsInboxUrl = await createQueue(sqs, queues.adminAlertsInbox, { MessageRetentionPeriod: retention });
  const inboxArn = await queueArn(sqs, adminAlertsInboxUrl);

  const { TopicArn: adminAlertsTopicArn } = await sns.send(new CreateTopicCommand({ Name: topics.adminAlerts }));
  if (!adminAlertsTopicArn) throw new Error(`SNS did not return an ARN for ${topics.adminAlerts}`);
  await sqs.send(
    new SetQueueAttributesCommand({
      QueueUrl: adminAlertsInboxUrl,
      Attributes: { Policy: allowTopicToSend(inboxArn, adminAlertsTopicArn) },
    }),
  );
  // SNS answers Subscribe with the existing subscription when it is already there.
  await sns.send(new SubscribeCommand({ TopicArn: adminAlertsTopicArn, Protocol: 'sqs', Endpoint: inboxArn }));
  log(`sqs queues: ${queues.invalidInvoices} (redrive to ${queues.invalidInvoicesDlq}), ${queues.adminAlertsInbox}`);
  log(`sns topic: ${topics.adminAlerts} -> ${queues.adminAlertsInbox}`);
  return { invalidInvoicesQueueUrl, adminAlertsInboxUrl, adminAlertsTopicArn };
}

async function createQueue(sqs: SQSClient, name: string, attributes: Record<string, string>): Promise<string> {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
  if (!QueueUrl) throw new Error(`SQS did not return a URL for ${name}`);
  await sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: attributes }));
  return QueueUrl;
}

async function queueArn(sqs: SQSClient, queueUrl: string): Promise<string> {
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }));
  const arn = Attributes?.QueueArn;
  if (!arn) throw new Error(`SQS did not return the ARN of ${queueUrl}`);
  return arn;
}

function allowTopicToSend(queueArnValue: string, topicArn: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: 'sns.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: queueArnValue,
        Condition: { ArnEquals: { 'aws:SourceArn': topicArn } },
      },
    ],
  });
}

async function provisionTables(log: (line: string) => void): Promise<void> {
  const dynamodb = new DynamoDBClient({});
  const tables = Object.values(INFRASTRUCTURE.tables) as TableDefinition[];
  await Promise.all(tables.map((table) => createTable(dynamodb, table)));
  log(`dynamodb tables: ${tables.map((table) => table.TableName).join(', ')}`);
  await indexKeptQuarantine(dynamodb, log);
  await registerDemoClient(dynamodb, log);
}

/** Data kept from a stack of an earlier version may hold entries without list rows: index them (a no-op scan otherwise). */
async function indexKeptQuarantine(dynamodb: DynamoDBClient, log: (line: string) => void): Promise<void> {
  const client = DynamoDBDocumentClient.from(dynamodb, { marshallOptions: { removeUndefinedValues: true } });
  const tables = quarantineTables();
  const { indexed } = await backfillQuarantineIndex({ client, quarantine: new DynamoDbQuarantine(client, tables), entriesTable: tables.entries, segments: 1 });
  if (indexed > 0) log(`quarantine: ${indexed} kept entries indexed`);
}

/** The local demo client: DEMO_CLIENT_API_KEY (local-api-key) may submit for any issuer, so the README's examples work. */
export const DEMO_CLIENT_ID = 'demo';

async function registerDemoClient(dynamodb: DynamoDBClient, log: (line: string) => void): Promise<void> {
  const apiKey = process.env.DEMO_CLIENT_API_KEY;
  if (!apiKey) return;
  const registry = new DynamoDbClientRegistry(DynamoDBDocumentClient.from(dynamodb), INFRASTRUCTURE.tables.clients.TableName);
  const now = new Date().toISOString();
  const added = await registry.add({
    clientId: DEMO_CLIENT_ID,
    name: 'Demo client (local only)',
    issuers: [ANY_ISSUER],
    status: 'ACTIVE',
    tier: DEMO_USAGE_PLAN,
    createdAt: now,
    keyHash: apiKeyHash(apiKey),
    keyCreatedAt: now,
    usageKey: await new LocalUsagePlans().enrol({ clientId: DEMO_CLIENT_ID }),
  });
  log(`clients: ${DEMO_CLIENT_ID} (any issuer, key DEMO_CLIENT_API_KEY)${added ? ', registered' : ''}`);
}

/**
 * A table kept from an earlier version may lack an index added since (the message explorer's,
 * say): add each one, one at a time as DynamoDB allows, and wait until it can be queried.
 */
async function addMissingIndexes(dynamodb: DynamoDBClient, table: TableDefinition): Promise<void> {
  const wanted = 'GlobalSecondaryIndexes' in table ? (table.GlobalSecondaryIndexes as Array<{ IndexName: string; KeySchema: Array<{ AttributeName: string }> }>) : [];
  if (wanted.length === 0) return;
  const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: table.TableName }));
  const existing = new Set((Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
  for (const index of wanted.filter((candidate) => !existing.has(candidate.IndexName))) {
    const attributes = new Set(index.KeySchema.map((key) => key.AttributeName));
    await dynamodb.send(
      new UpdateTableCommand({
        TableName: table.TableName,
        AttributeDefinitions: table.AttributeDefinitions.filter((definition) => attributes.has(definition.AttributeName)) as UpdateTableCommandInput['AttributeDefinitions'],
        GlobalSecondaryIndexUpdates: [{ Create: index as NonNullable<NonNullable<UpdateTableCommandInput['GlobalSecondaryIndexUpdates']>[number]['Create']> }],
      }),
    );
    for (let waited = 0; waited < 120; waited += 1) {
      const { Table: now } = await dynamodb.send(new DescribeTableCommand({ TableName: table.TableName }));
      if (now?.GlobalSecondaryIndexes?.find((candidate) => candidate.IndexName === index.IndexName)?.IndexStatus === 'ACTIVE') break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

/** Creates a table as the definition says (on-demand, its indexes, TTL) and waits for it; one that exists is left as it is. */
export async function createTable(dynamodb: DynamoDBClient, table: TableDefinition): Promise<void> {
  const { TimeToLiveAttribute, ...definition } = table as TableDefinition & { TimeToLiveAttribute?: string };
  try {
    await dynamodb.send(new CreateTableCommand({ ...(definition as CreateTableCommandInput), BillingMode: 'PAY_PER_REQUEST' }));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
    await addMissingIndexes(dynamodb, table);
    return;
  }
  await waitUntilTableExists({ client: dynamodb, maxWaitTime: 60 }, { TableName: table.TableName });
  if (TimeToLiveAttribute) {
    await dynamodb.send(
      new UpdateTimeToLiveCommand({
        TableName: table.TableName,
        TimeToLiveSpecification: { AttributeName: TimeToLiveAttribute, Enabled: true },
      }),
    );
  }
}
