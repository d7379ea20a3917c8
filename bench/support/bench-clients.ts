/**
 * The AWS clients the bench uses itself (the pipeline's functions build their own),
 * with the service's shared options so both sides time out and retry alike.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { AWS_CLIENT_OPTIONS } from '../../lib/adapters/aws-client-options';

export interface BenchClients {
  dynamodb: DynamoDBClient;
  documents: DynamoDBDocumentClient;
  sqs: SQSClient;
}

export function createBenchClients(): BenchClients {
  const dynamodb = new DynamoDBClient(AWS_CLIENT_OPTIONS);
  return {
    dynamodb,
    documents: DynamoDBDocumentClient.from(dynamodb, { marshallOptions: { removeUndefinedValues: true } }),
    sqs: new SQSClient(AWS_CLIENT_OPTIONS),
  };
}
