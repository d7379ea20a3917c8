import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { AWS_CLIENT_OPTIONS } from '../aws-client-options';

/** One DynamoDB document client for the container; optional fields are left out rather than stored as null. */
export function createDocumentClient(): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient(AWS_CLIENT_OPTIONS), {
    marshallOptions: { removeUndefinedValues: true },
  });
}
