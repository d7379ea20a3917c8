/**
 * Honours the Idempotency-Key header with Powertools' idempotency utility: a retried POST
 * with the same key gets the first answer back and publishes nothing. Requests without the
 * header are not affected. Keys live in the IdempotencyKeys table and expire after
 * IDEMPOTENCY_TTL_SECONDS; only successful answers are kept (an error lets the client retry).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { makeHandlerIdempotent } from '@aws-lambda-powertools/idempotency/middleware';
import { AWS_CLIENT_OPTIONS } from '../adapters/aws-client-options';
import { getConfig } from '../config';
import { INFRASTRUCTURE } from '../infrastructure';

export const IDEMPOTENCY_HEADER = 'idempotency-key';

export function idempotencyKey() {
  const table = INFRASTRUCTURE.tables.idempotency;
  return makeHandlerIdempotent({
    persistenceStore: new DynamoDBPersistenceLayer({
      tableName: table.TableName,
      keyAttr: 'id',
      expiryAttr: table.TimeToLiveAttribute,
      awsSdkV3Client: new DynamoDBClient(AWS_CLIENT_OPTIONS),
    }),
    config: new IdempotencyConfig({
      eventKeyJmesPath: `headers."${IDEMPOTENCY_HEADER}"`,
      throwOnNoIdempotencyKey: false,
      expiresAfterSeconds: getConfig().IDEMPOTENCY_TTL_SECONDS,
    }),
  });
}
