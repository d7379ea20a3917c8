import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { StoreUnavailableError } from '../../errors';

/** True when a conditional write found the item already there (expected, not a failure). */
export function isConditionFailure(error: unknown): boolean {
  return error instanceof ConditionalCheckFailedException;
}

/** Wraps an SDK failure so callers know the work must be retried, keeping the original as cause. */
export function storeUnavailable(what: string, error: unknown): StoreUnavailableError {
  if (error instanceof StoreUnavailableError) return error;
  return new StoreUnavailableError(`${what}: ${(error as Error).message}`, error);
}
