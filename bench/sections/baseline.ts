/**
 * Section baseline: seed 001's design (bench/baseline/seed-001-consumer.ts) on the same
 * invoices as the pipeline section, in the same run: a bench topic preloaded with them, its
 * own table and queue, its clients metered as AWS bills (support/request-meter.ts). Timed
 * from its first message to its last.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { AWS_CLIENT_OPTIONS } from '../../lib/adapters/aws-client-options';
import { INFRASTRUCTURE } from '../../lib/infrastructure';
import { runBaselineConsumer } from '../baseline/seed-001-consumer';
import { buildCorpus } from '../corpus/invoice-corpus';
import type { BaselineResult } from '../report/results';
import { ratePerSecond } from '../stats';
import type { BenchKafka } from '../support/bench-kafka';
import type { RunNames } from '../support/names';
import { RequestMeter } from '../support/request-meter';
import { createBenchStores } from './store-writes';

export interface BaselineContext {
  kafka: BenchKafka;
  names: RunNames;
  log: (line: string) => void;
}

export async function measureBaseline(context: BaselineContext, invoices: number): Promise<BaselineResult> {
  const { kafka, names, log } = context;
  const topic = `${names.runId}-baseline`;
  const meter = new RequestMeter();
  const dynamodb = new DynamoDBClient(AWS_CLIENT_OPTIONS);
  const sqs = new SQSClient(AWS_CLIENT_OPTIONS);
  const stores = await createBenchStores(dynamodb, sqs, `${topic}-invoices`, `${topic}-failures`);
  meter.attachDynamoDb(dynamodb, 'consumer');
  meter.attachSqs(sqs, 'consumer');
  await kafka.createTopic(topic);
  try {
    const corpus = buildCorpus({ runTag: names.invoiceTag('baseline'), count: invoices, submittedAt: new Date() });
    await kafka.preload(topic, corpus);
    log(`baseline: ${invoices} invoices on ${topic}, one eachMessage consumer`);
    const run = await runBaselineConsumer(
      {
        brokers: kafka.brokers,
        topic,
        tableName: stores.tableName,
        queueUrl: stores.queueUrl,
        documents: DynamoDBDocumentClient.from(dynamodb, { marshallOptions: { removeUndefinedValues: true } }),
        sqs,
        maxPayloadBytes: INFRASTRUCTURE.http.maxBodyBytes,
      },
      corpus.length,
    );
    const rate = ratePerSecond(corpus.length, run.ms);
    log(`baseline: ${Math.round(rate)} invoices/s (${run.valid} stored, ${run.invalid} to the failure queue in ${Math.round(run.ms)} ms)`);
    // One consumer busy the whole time: its compute is that time.
    return { items: corpus.length, ms: run.ms, rate, valid: run.valid, invalid: run.invalid, consumer: { invocations: 0, billedMs: Math.ceil(run.ms), ...meter.stage('consumer') } };
  } finally {
    await kafka.deleteTopics([topic]);
    await stores.remove();
  }
}
