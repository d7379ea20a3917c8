/**
 * Honours the Idempotency-Key header with Powertools' idempotency utility: a retried POST
 * with the same key gets the first answer back and publishes nothing. A key belongs to the
 * caller that sent it (the same key from two clients is two requests), and to its body: the
 * same key with another body is refused (422, IdempotencyValidationError) and publishes
 * nothing. Requests without the header are not affected. Keys live in the IdempotencyKeys
 * table and expire after IDEMPOTENCY_TTL_SECONDS; only successful answers are kept.
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
      // Null without the header (Powertools then skips idempotency), else [caller, key]; the
      // caller is the principal the key check named: a client id, or an admin's name.
      eventKeyJmesPath: `headers."${IDEMPOTENCY_HEADER}" && [requestContext.authorizer.principalId, headers."${IDEMPOTENCY_HEADER}"]`,
      payloadValidationJmesPath: 'body',
      throwOnNoIdempotencyKey: false,
      expiresAfterSeconds: getConfig().IDEMPOTENCY_TTL_SECONDS,
    }),
  });
}
