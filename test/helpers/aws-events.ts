/**
 * AWS's own documented events, saved under test/events/ (sources in test/events/README.md),
 * and a Lambda context to call handlers with.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Context } from 'aws-lambda';

export type SavedEventName =
  /** Amazon MSK: Powertools' kafka/base.json, as AWS DG "Using Lambda with Amazon MSK" shows it. */
  | 'msk-event'
  /** Self-managed Kafka, `SelfManagedKafka`: AWS DG "Using Lambda with self-managed Apache Kafka". */
  | 'self-managed-kafka-event'
  /** Self-managed Kafka, `aws:SelfManagedKafka`: Powertools' kafkaEventSelfManaged.json. */
  | 'self-managed-kafka-event-powertools'
  /** A Kafka on-failure destination record's value: AWS DG "Using a Kafka topic as an on-failure destination". */
  | 'kafka-on-failure-envelope'
  /** SQS: Powertools' sqs/base.json, as AWS DG "Using Lambda with Amazon SQS" shows it. */
  | 'sqs-event'
  /** A REST API proxy event behind a Lambda authorizer: Powertools' apigw-rest/lambda-authorizer-auth.json. */
  | 'api-gateway-rest-lambda-authorizer'
  /** Amazon MQ for RabbitMQ (`aws:rmq`): AWS DG "Using Lambda with Amazon MQ", example payload. */
  | 'rabbitmq-event'
  /** A REST API REQUEST authorizer's input: Powertools' apigw-rest/authorizer-request.json (API Gateway DG "Input to an API Gateway Lambda authorizer"). */
  | 'api-gateway-authorizer-request';

/** A fresh copy of a saved event, to use or change. */
export function savedAwsEvent<T = Record<string, unknown>>(name: SavedEventName): T {
  return JSON.parse(readFileSync(path.join(__dirname, '..', 'events', `${name}.json`), 'utf8')) as T;
}

/** Enough of a Lambda context for middy and Powertools. */
export function lambdaContext(functionName = 'test-function'): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: '2026/12/01/[$LATEST]0123456789abcdef',
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
