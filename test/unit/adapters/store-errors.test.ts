/** How a DynamoDB failure is told apart: refused as it is (never retry) or unavailable (retry later). */
import { ConditionalCheckFailedException, DynamoDBServiceException, ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { storeFailure } from '../../../lib/adapters/dynamodb/store-errors';
import { StoreRejectedError, StoreUnavailableError } from '../../../lib/errors';

function serviceError(name: string, fault: 'client' | 'server' = 'client') {
  return new DynamoDBServiceException({ name, $fault: fault, $metadata: { httpStatusCode: fault === 'client' ? 400 : 500 }, message: `${name} (test)` });
}

describe('storeFailure', () => {
  it.each(['ValidationException', 'SerializationException', 'ItemCollectionSizeLimitExceededException'])('calls %s a refusal that retrying cannot change', (name) => {
    const error = storeFailure('could not store invoice F-1', serviceError(name));

    expect(error).toBeInstanceOf(StoreRejectedError);
    expect(error.retriable).toBe(false);
    expect(error.message).toBe(`could not store invoice F-1: ${name} (test)`);
  });

  it.each([
    ['throttling', new ProvisionedThroughputExceededException({ $metadata: {}, message: 'slow down' })],
    ['a server error', serviceError('InternalServerError', 'server')],
    ['a missing table (an operator can create it)', serviceError('ResourceNotFoundException')],
    ['the network', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), { code: 'ECONNREFUSED' })],
  ])('calls %s an outage to retry', (_what, cause) => {
    const error = storeFailure('could not store invoice F-1', cause);

    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error.retriable).toBe(true);
    expect(error.cause).toBe(cause);
  });

  it('keeps an error already classified, and says what failed when there is no cause', () => {
    const classified = new StoreRejectedError('refused');

    expect(storeFailure('again', classified)).toBe(classified);
    expect(storeFailure('invoice F-1 exists but could not be read', undefined).message).toBe('invoice F-1 exists but could not be read');
    expect(storeFailure('x', new ConditionalCheckFailedException({ $metadata: {}, message: 'exists' }))).toBeInstanceOf(StoreUnavailableError);
  });
});
