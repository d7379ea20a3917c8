/**
 * Kafka-triggered entry point for the on-failure topic (invoices.failed): every record the
 * validator gave up on goes to the invalid channel as PROCESSING_FAILED, so it is never lost
 * and an admin can resend it. Throwing fails the batch, which is retried until it succeeds.
 */
import middy from '@middy/core';
import { decodeLambdaKafkaEvent } from '../../lib/adapters/kafka/lambda-kafka-event';
import { logger } from '../../lib/observability';
import { settleFailedRecords } from '../../lib/use-cases/settle-failed-records';
import { validatorDeps } from './validator-deps';

const deps = validatorDeps();

async function settleFailedRecordsHandler(event: unknown): Promise<void> {
  const outcomes = await settleFailedRecords(deps, decodeLambdaKafkaEvent(event));
  for (const outcome of outcomes) {
    const failed = outcome.reasons?.some((reason) => reason.code === 'PROCESSING_FAILED') ?? false;
    const line = { messageId: outcome.messageId, correlationId: outcome.correlationId, ...outcome.kafka, outcome: failed ? 'PROCESSING_FAILED' : outcome.status };
    if (failed) logger.warn('message received', line);
    else logger.info('message received', line);
  }
}

export const handler = middy<unknown, void>().handler(settleFailedRecordsHandler);
