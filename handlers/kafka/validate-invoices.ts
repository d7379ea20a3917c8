/**
 * Kafka-triggered entry point (MSK or self-managed event source mapping, group
 * invoice-validator): decodes the batch and logs one line per received record.
 */
import middy from '@middy/core';
import { decodeLambdaKafkaEvent } from '../../lib/adapters/kafka/lambda-kafka-event';
import { HEADER } from '../../lib/domain/record-headers';
import { logger } from '../../lib/observability';

async function validateInvoicesHandler(event: unknown): Promise<void> {
  for (const record of decodeLambdaKafkaEvent(event)) {
    logger.info('message received', {
      messageId: record.headers[HEADER.messageId],
      correlationId: record.headers[HEADER.correlationId],
      topic: record.topic,
      partition: record.partition,
      offset: record.offset,
      outcome: 'RECEIVED',
    });
  }
}

export const handler = middy<unknown, void>().handler(validateInvoicesHandler);
