import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PipelineError, StoreRejectedError, StoreUnavailableError } from '../../errors';

/**
 * DynamoDB's answers that say the request itself is wrong, so repeating it cannot succeed.
 * Everything else (throttling, 5xx, the network, a missing table or permission an operator
 * can fix) is worth retrying. Source: DynamoDB Developer Guide, "Error handling with DynamoDB",
 * the 400 error codes and whether to retry each.
 */
const REJECTIONS = new Set(['ValidationException', 'SerializationException', 'ItemCollectionSizeLimitExceededException']);

/** True when a conditional write found the item already there (expected, not a failure). */
export function isConditionFailure(error: unknown): boolean {
  return error instanceof ConditionalCheckFailedException;
}

/** True when the error says this very write can never succeed. */
export function isRejection(error: unknown): boolean {
  return error instanceof Error && REJECTIONS.has(error.name);
}

/**
 * Wraps an SDK failure, keeping the original as cause: StoreRejectedError when DynamoDB refused
 * the request as it is, StoreUnavailableError (retry later) otherwise.
 */
export function storeFailure(what: string, error: unknown): PipelineError {
  if (error instanceof PipelineError) return error;
  const message = error === undefined ? what : `${what}: ${error instanceof Error ? error.message : JSON.stringify(error)}`;
  return isRejection(error) ? new StoreRejectedError(message, error) : new StoreUnavailableError(message, error);
}
