/**
 * POST /invoices: checks the key, size and content type, publishes the invoice to Kafka
 * and answers 202 with where it went. Honours Idempotency-Key. The producer is built once
 * per container and reused.
 */
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { awsAdapters } from '../../lib/adapters/aws-adapters';
import { rawBody } from '../../lib/http/raw-body';
import { jsonResponse } from '../../lib/http/responses';
import { INFRASTRUCTURE } from '../../lib/infrastructure';
import { correlationIdOf } from '../../lib/middlewares/correlation-id';
import { callerOf, submitterOf } from '../../lib/middlewares/caller-auth';
import { httpApi } from '../../lib/middlewares/http-api';
import { idempotencyKey } from '../../lib/middlewares/idempotency-key';
import { logMessagesSent } from '../../lib/logging/message-lines';
import { log } from '../../lib/observability';
import { submitInvoice } from '../../lib/use-cases/submit-invoice';

const deps = {
  publisher: awsAdapters.invoicePublisher(),
  messageLog: awsAdapters.messageLog(),
  newMessageId: randomUUID,
  now: () => new Date(),
  log,
};

async function submitInvoiceHandler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  const receipt = await submitInvoice(deps, { body: rawBody(event), correlationId: correlationIdOf(event), ...submitterOf(callerOf(event)) });
  logMessagesSent(log, [receipt]);
  return jsonResponse(202, receipt, { location: `/messages/${receipt.messageId}` });
}

export const handler = httpApi({ role: 'client', maxBodyBytes: INFRASTRUCTURE.http.maxBodyBytes })
  .use(idempotencyKey())
  .handler(submitInvoiceHandler);
