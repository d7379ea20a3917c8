/**
 * POST /invoices/batch: a JSON array of up to 500 invoices; answers 202 with one result per
 * item, in order. Items that are not invoices objects are refused alone. Honours Idempotency-Key.
 */
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { awsAdapters } from '../../lib/adapters/aws-adapters';
import { jsonArrayItems } from '../../lib/http/json-array-items';
import { PublisherUnavailableError } from '../../lib/errors';
import { HttpProblem } from '../../lib/http/problem';
import { rawBody } from '../../lib/http/raw-body';
import { jsonResponse } from '../../lib/http/responses';
import { INFRASTRUCTURE } from '../../lib/infrastructure';
import { correlationIdOf } from '../../lib/middlewares/correlation-id';
import { callerOf, submitterOf } from '../../lib/middlewares/caller-auth';
import { httpApi } from '../../lib/middlewares/http-api';
import { idempotencyKey } from '../../lib/middlewares/idempotency-key';
import { logger } from '../../lib/observability';
import { submitInvoiceBatch } from '../../lib/use-cases/submit-invoice-batch';

const { http } = INFRASTRUCTURE;
const deps = {
  publisher: awsAdapters.invoicePublisher(),
  messageLog: awsAdapters.messageLog(),
  newMessageId: randomUUID,
  now: () => new Date(),
};

async function submitInvoiceBatchHandler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  const items = jsonArrayItems(rawBody(event).toString('utf8'));
  if (items.length === 0 || items.length > http.maxBatchItems) {
    throw new HttpProblem(400, 'Bad Request', `The batch has ${items.length} items; send between 1 and ${http.maxBatchItems}.`);
  }
  const limits = { maxItemBytes: http.maxBodyBytes, maxPublishBytes: http.maxPublishBytes };
  const results = await submitInvoiceBatch(deps, items, correlationIdOf(event), limits, submitterOf(callerOf(event)));
  for (const result of results) {
    if (result.status === 202) logger.info('message sent', { ...result, outcome: 'ACCEPTED' });
  }
  if (results.every((result) => result.status === 503)) {
    throw new PublisherUnavailableError('No invoice of the batch was accepted by the message broker.');
  }
  return jsonResponse(202, { results });
}

export const handler = httpApi({ role: 'client', maxBodyBytes: http.maxBatchBodyBytes })
  .use(idempotencyKey())
  .handler(submitInvoiceBatchHandler);
