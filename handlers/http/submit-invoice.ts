/**
 * POST /invoices: checks the key, size and content type, publishes the invoice to
 * Kafka and answers 202 with where it went. The producer is built once per container.
 */
import { randomUUID } from 'node:crypto';
import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { KafkaInvoicePublisher } from '../../lib/adapters/kafka/kafka-invoice-publisher';
import { getConfig } from '../../lib/config';
import { rawBody } from '../../lib/http/raw-body';
import { INFRASTRUCTURE } from '../../lib/infrastructure';
import { apiKeyAuth } from '../../lib/middlewares/api-key-auth';
import { correlationId, correlationIdOf } from '../../lib/middlewares/correlation-id';
import { jsonBodyLimits } from '../../lib/middlewares/json-body-limits';
import { problemJsonErrors } from '../../lib/middlewares/problem-json-errors';
import { logger } from '../../lib/observability';
import { submitInvoice } from '../../lib/use-cases/submit-invoice';

const config = getConfig();
const publisher = new KafkaInvoicePublisher({
  brokers: config.KAFKA_BROKERS,
  clientId: config.KAFKA_CLIENT_ID,
  topic: config.INVOICES_TOPIC,
  publishTimeoutMs: config.KAFKA_PUBLISH_TIMEOUT_MS,
});

async function submitInvoiceHandler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  const receipt = await submitInvoice(
    { publisher, newMessageId: randomUUID, now: () => new Date() },
    { body: rawBody(event), correlationId: correlationIdOf(event) },
  );
  logger.info('message sent', { ...receipt, outcome: 'ACCEPTED' });
  return {
    statusCode: 202,
    headers: { 'content-type': 'application/json', location: `/messages/${receipt.messageId}` },
    body: JSON.stringify(receipt),
  };
}

export const handler = middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
  .use(httpHeaderNormalizer())
  .use(correlationId())
  .use(problemJsonErrors())
  .use(apiKeyAuth({ role: 'client', clientKeys: config.CLIENT_API_KEYS, adminKeys: config.ADMIN_API_KEYS }))
  .use(jsonBodyLimits({ maxBytes: INFRASTRUCTURE.http.maxBodyBytes }))
  .handler(submitInvoiceHandler);
