/**
 * POST /invoices/batch: a JSON array of up to 500 invoices; answers 202 with one result per
 * item, in order. Items that are not invoices objects are refused alone. Honours Idempotency-Key.
 */
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { awsAdapters } from '../../lib/adapters/aws-adapters';
import { batchResults, brokerTookNone } from '../../lib/http/batch-results';
import { batchItemsOf } from '../../lib/http/json-array-items';
import { PublisherUnavailableError } from '../../lib/errors';
import { rawBody } from '../../lib/http/raw-body';
import { jsonResponse } from '../../lib/http/responses';
import { INFRASTRUCTURE } from '../../lib/infrastructure';
import { correlationIdOf } from '../../lib/middlewares/correlation-id';
import { callerOf, submitterOf } from '../../lib/middlewares/caller-auth';
import { httpApi } from '../../lib/middlewares/http-api';
import { idempotencyKey } from '../../lib/middlewares/idempotency-key';
import { logMessagesSent } from '../../lib/logging/message-lines';
import { log } from '../../lib/observability';
import { submitInvoiceBatch } from '../../lib/use-cases/submit-invoice-batch';

const { http } = INFRASTRUCTURE;
const deps = {
  publisher: awsAdapters.invoicePublisher(),
  messageLog: awsAdapters.messageLog(),
  newMessageId: randomUUID,
  now: () => new Date(),
  log,
};

async function submitInvoiceBatchHandler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  const items = batchItemsOf(rawBody(event).toString('utf8'), http.maxBatchItems);
  const limits = { maxItemBytes: http.maxBodyBytes, maxPublishBytes: http.maxPublishBytes };
  const outcomes = await submitInvoiceBatch(deps, items, correlationIdOf(event), limits, submitterOf(callerOf(event)));
  logMessagesSent(log, outcomes.flatMap((item) => (item.outcome === 'accepted' ? [item.receipt] : [])));
  if (brokerTookNone(outcomes)) throw new PublisherUnavailableError('No invoice of the batch was accepted by the message broker.');
  return jsonResponse(202, { results: batchResults(outcomes) });
}

export const handler = httpApi({ role: 'client', maxBodyBytes: http.maxBatchBodyBytes })
  .use(idempotencyKey())
  .handler(submitInvoiceBatchHandler);
