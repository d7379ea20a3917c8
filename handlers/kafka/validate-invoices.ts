/**
 * Kafka-triggered entry point (MSK or self-managed event source mapping, group
 * invoice-validator): validates the batch, stores or quarantines every record and logs one
 * line per record with its outcome. Throwing fails the batch, which is then retried whole.
 */
import middy from '@middy/core';
import { decodeLambdaKafkaEvent } from '../../lib/adapters/kafka/lambda-kafka-event';
import { logger } from '../../lib/observability';
import { validateInvoiceBatch } from '../../lib/use-cases/validate-invoice-batch';
import { validatorDeps } from './validator-deps';

const deps = validatorDeps();

async function validateInvoicesHandler(event: unknown): Promise<void> {
  const records = decodeLambdaKafkaEvent(event);
  try {
    const outcomes = await validateInvoiceBatch(deps, records);
    for (const outcome of outcomes) {
      logger.info('message received', {
        messageId: outcome.messageId,
        correlationId: outcome.correlationId,
        ...outcome.kafka,
        outcome: outcome.status,
        ...(outcome.reasons ? { codes: [...new Set(outcome.reasons.map((reason) => reason.code))] } : {}),
      });
    }
  } catch (error) {
    for (const record of records) {
      logger.warn('message received', { topic: record.topic, partition: record.partition, offset: record.offset, outcome: 'RETRY' });
    }
    logger.error('batch failed; it will be delivered again', { error: error as Error, records: records.length });
    throw error;
  }
}

export const handler = middy<unknown, void>().handler(validateInvoicesHandler);
