/**
 * Section cost: what each invoice costs on AWS, counted end to end. N invoices of the 90/10
 * mix go through the real use cases in this process, stage by stage, over clients metered as
 * AWS bills (support/request-meter.ts), on tables, a queue and a topic of the run's own:
 * - api: submitInvoice for each (the ACCEPTED row; published to a bench topic), one Lambda
 *   invocation each, as POST /invoices without a correlation id of its own;
 * - validator: the local Kafka trigger (the plugin's own class) with the deployment's batch
 *   size and window, each invocation running validateInvoiceBatch over the decoded event;
 * - quarantine: ReceiveMessage of up to the deployment's batch size, quarantineInvalid,
 *   DeleteMessageBatch, as Lambda's SQS event source mapping does (its requests are billed).
 * Billed duration is each call's time here, rounded up to 1 ms: this 2-core machine, not
 * Lambda's CPU at the configured memory. The bill is in report/bill.ts.
 */
import { performance } from 'node:perf_hooks';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateTopicCommand, DeleteTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { CreateQueueCommand, DeleteMessageBatchCommand, DeleteQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { AWS_CLIENT_OPTIONS } from '../../lib/adapters/aws-client-options';
import { DynamoDbInvoiceStore } from '../../lib/adapters/dynamodb/dynamodb-invoice-store';
import { DynamoDbMessageLog } from '../../lib/adapters/dynamodb/dynamodb-message-log';
import { DynamoDbQuarantine, type QuarantineTables } from '../../lib/adapters/dynamodb/dynamodb-quarantine';
import { kafkaBatchResponse } from '../../lib/adapters/kafka/kafka-batch-response';
import { KafkaInvoicePublisher } from '../../lib/adapters/kafka/kafka-invoice-publisher';
import { decodeLambdaKafkaEvent } from '../../lib/adapters/kafka/lambda-kafka-event';
import { SnsAdminNotifier } from '../../lib/adapters/sns/sns-admin-notifier';
import { SqsInvalidChannel } from '../../lib/adapters/sqs/sqs-invalid-channel';
import { InvalidSubmissionError } from '../../lib/errors';
import { INFRASTRUCTURE } from '../../lib/infrastructure';
import { mapLimited } from '../../lib/map-limited';
import { quarantineInvalid } from '../../lib/use-cases/quarantine-invalid';
import { submitInvoice } from '../../lib/use-cases/submit-invoice';
import { validateInvoiceBatch } from '../../lib/use-cases/validate-invoice-batch';
import { createTable } from '../../localstack/provision';
import { buildCorpus, type BenchInvoice } from '../corpus/invoice-corpus';
import type { CostResult, CostStages, StageCost } from '../report/results';
import type { BenchKafka } from '../support/bench-kafka';
import type { RunNames } from '../support/names';
import { RequestMeter } from '../support/request-meter';
import { startTrigger } from './pipeline-trigger';

export interface CostContext {
  kafka: BenchKafka;
  names: RunNames;
  log: (line: string) => void;
}

const API_CONCURRENCY = 16;
const DRAIN_MS = 120_000;

export async function measureCost(context: CostContext, invoices: number): Promise<CostResult> {
  const { kafka, names } = context;
  const runId = `${names.runId}-cost`;
  const setup = { dynamodb: new DynamoDBClient(AWS_CLIENT_OPTIONS), sqs: new SQSClient(AWS_CLIENT_OPTIONS), sns: new SNSClient(AWS_CLIENT_OPTIONS) };
  const tables = { invoices: `${runId}-invoices`, messages: `${runId}-messages` };
  const quarantineTables: QuarantineTables = { entries: `${runId}-quarantine`, index: `${runId}-quarantine-index`, shards: INFRASTRUCTURE.quarantine.shards };
  const { tables: defined } = INFRASTRUCTURE;
  await Promise.all([
    createTable(setup.dynamodb, { ...defined.invoices, TableName: tables.invoices }),
    createTable(setup.dynamodb, { ...defined.messages, TableName: tables.messages }),
    createTable(setup.dynamodb, { ...defined.invalidInvoices, TableName: quarantineTables.entries }),
    createTable(setup.dynamodb, { ...defined.invalidInvoiceIndex, TableName: quarantineTables.index }),
  ]);
  const { QueueUrl: queueUrl } = await setup.sqs.send(new CreateQueueCommand({ QueueName: runId }));
  const { TopicArn: topicArn } = await setup.sns.send(new CreateTopicCommand({ Name: runId }));
  if (!queueUrl || !topicArn) throw new Error('the cost section could not create its queue and topic');
  await kafka.createTopic(runId);
  const publisher = new KafkaInvoicePublisher({ brokers: kafka.brokers, clientId: 'invoice-bench-cost', topic: runId, publishTimeoutMs: 10_000, auth: { mechanism: 'none', ssl: false } });
  try {
    const corpus = buildCorpus({ runTag: names.invoiceTag('cost'), count: invoices, submittedAt: new Date() });
    const stores = { tables, quarantineTables, queueUrl, topicArn, topic: runId, publisher };
    const valid = await runStages(context, stores, corpus.filter((invoice) => invoice.expected === 'STORED'), 'valid');
    const invalid = await runStages(context, stores, corpus.filter((invoice) => invoice.expected !== 'STORED'), 'invalid');
    return { valid, invalid };
  } finally {
    await publisher.disconnect().catch(() => undefined);
    await kafka.deleteTopics([runId]);
    await kafka.deleteGroup(runId);
    await Promise.allSettled([
      ...[tables.invoices, tables.messages, quarantineTables.entries, quarantineTables.index].map((TableName) => setup.dynamodb.send(new DeleteTableCommand({ TableName }))),
      setup.sqs.send(new DeleteQueueCommand({ QueueUrl: queueUrl })),
      setup.sns.send(new DeleteTopicCommand({ TopicArn: topicArn })),
    ]);
  }
}

interface CostStores {
  tables: { invoices: string; messages: string };
  quarantineTables: QuarantineTables;
  queueUrl: string;
  topicArn: string;
  /** The bench topic; also the validator's group and the invalid channel's queue name. */
  topic: string;
  publisher: KafkaInvoicePublisher;
}

/** The invoices through the three stages, with a meter of their own; `kind` names the group, so each run reads only its records. */
async function runStages(context: CostContext, stores: CostStores, corpus: BenchInvoice[], kind: string): Promise<CostStages> {
  const { kafka, log } = context;
  const { tables, quarantineTables, queueUrl, topicArn, topic, publisher } = stores;
  const meter = new RequestMeter();
  const clients = (stage: string) => {
    const dynamodb = new DynamoDBClient(AWS_CLIENT_OPTIONS);
    const sqs = new SQSClient(AWS_CLIENT_OPTIONS);
    const sns = new SNSClient(AWS_CLIENT_OPTIONS);
    meter.attachDynamoDb(dynamodb, stage);
    meter.attachSqs(sqs, stage);
    meter.attachSns(sns, stage);
    return { documents: DynamoDBDocumentClient.from(dynamodb, { marshallOptions: { removeUndefinedValues: true } }), sqs, sns };
  };
  const group = `${topic}-${kind}`;
  const before = await kafka.endOffsetTotal(topic);

  const api = clients('api');
  const apiDeps = { publisher, messageLog: new DynamoDbMessageLog(api.documents, tables.messages), newMessageId: () => '', now: () => new Date(), log: { info: () => undefined, warn: () => undefined } };
  const apiMs: number[] = [];
  const published = new Set<string>();
  await mapLimited(corpus, API_CONCURRENCY, async (invoice) => {
    const started = performance.now();
    // As POST /invoices without x-correlation-id: the message is its own correlation.
    try {
      await submitInvoice(apiDeps, { body: invoice.value, correlationId: invoice.messageId, messageId: invoice.messageId, clientId: 'bench' });
      published.add(invoice.messageId);
    } catch (error) {
      // Not a JSON object: the API answers 400 and nothing goes further (the request is still billed).
      if (!(error instanceof InvalidSubmissionError)) throw error;
    }
    apiMs.push(performance.now() - started);
  });

  const validator = clients('validator');
  const validatorDeps = {
    invoiceStore: new DynamoDbInvoiceStore(validator.documents, tables.invoices),
    invalidChannel: new SqsInvalidChannel(topic, validator.sqs),
    messageLog: new DynamoDbMessageLog(validator.documents, tables.messages),
    now: () => new Date(),
    validator: { name: 'invoice-pipeline-bench', version: '0' },
    maxPayloadBytes: INFRASTRUCTURE.http.maxBodyBytes,
  };
  const validatorMs: number[] = [];
  const corpusIds = published;
  let settled = 0;
  const trigger = await startTrigger({
    topic,
    group,
    batchSize: INFRASTRUCTURE.kafka.batchSize,
    consumers: 1,
    brokers: kafka.brokers,
    invoke: async (event) => {
      const records = decodeLambdaKafkaEvent(event);
      // The earlier kind's records are on the topic too: this group passes over them unmetered.
      const ours = records.filter((record) => corpusIds.has(record.headers['message-id'] ?? ''));
      if (ours.length === 0) return kafkaBatchResponse([]);
      const started = performance.now();
      const result = await validateInvoiceBatch(validatorDeps, ours);
      validatorMs.push(performance.now() - started);
      settled += result.settled.length;
      return kafkaBatchResponse(result.unsettled.map(({ record }) => record.origin));
    },
  });
  try {
    await waitFor(async () => settled >= published.size && (await kafka.committedTotal(group, topic)) >= before + published.size, `the validator to settle the ${kind} invoices`);
  } finally {
    await trigger.stop();
    await kafka.deleteGroup(group);
  }

  const quarantine = clients('quarantine');
  const quarantineDeps = { quarantine: new DynamoDbQuarantine(quarantine.documents, quarantineTables), notifier: new SnsAdminNotifier(topicArn, quarantine.sns), now: () => new Date() };
  const quarantineMs: number[] = [];
  const expected = corpus.filter((invoice) => invoice.expected !== 'STORED' && published.has(invoice.messageId)).length;
  let taken = 0;
  const deadline = Date.now() + DRAIN_MS;
  while (taken < expected && Date.now() < deadline) {
    const { Messages = [] } = await quarantine.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: INFRASTRUCTURE.queues.quarantineBatchSize, WaitTimeSeconds: 1 }));
    if (Messages.length === 0) continue;
    const started = performance.now();
    const result = await quarantineInvalid(quarantineDeps, Messages.map((message) => ({ deliveryId: message.MessageId ?? '', body: message.Body ?? '' })));
    quarantineMs.push(performance.now() - started);
    const done = Messages.filter((message) => !result.failedDeliveryIds.includes(message.MessageId ?? ''));
    if (done.length > 0) await quarantine.sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: done.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle })) }));
    taken += done.length;
  }
  log(`cost, ${kind}: ${corpus.length} submitted (${corpus.length - published.size} refused by the API), validated in ${validatorMs.length} invocations, ${taken} quarantined in ${quarantineMs.length}`);

  const stage = (name: string, durations: number[]): StageCost => ({ invocations: durations.length, billedMs: durations.reduce((sum, ms) => sum + Math.ceil(ms), 0), ...meter.stage(name) });
  return { invoices: corpus.length, refusedByApi: corpus.length - published.size, quarantined: taken, api: stage('api', apiMs), validator: stage('validator', validatorMs), quarantine: stage('quarantine', quarantineMs) };
}

async function waitFor(done: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + DRAIN_MS;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
