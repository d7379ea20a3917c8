/**
 * POST /invoices: checks the key, size and content type, publishes the invoice to the
 * configured transport (Kafka, or RabbitMQ) and answers 202 with where it went. Honours
 * Idempotency-Key. The publisher is built once per container and reused.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { rawBody } from '../../lib/http/raw-body';
import { jsonResponse } from '../../lib/http/responses';
import { submissionReceiptBody } from '../../lib/http/submission-receipt';
import { INFRASTRUCTURE } from '../../lib/infrastructure';
import { correlationIdOf, madeCorrelationIdOf } from '../../lib/middlewares/correlation-id';
import { callerOf, submitterOf } from '../../lib/middlewares/caller-auth';
import { httpApi } from '../../lib/middlewares/http-api';
import { idempotencyKey } from '../../lib/middlewares/idempotency-key';
import { logMessagesSent } from '../../lib/logging/message-lines';
import { countAccepted, publishMetrics } from '../../lib/metrics/pipeline-metrics';
import { submitDeps, type SubmitDeps as Deps } from './submit-deps';
import { submitInvoice } from '../../lib/use-cases/submit-invoice';

async function submitInvoiceHandler(deps: Deps, event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  // A request without a correlation id of its own: its one message is its own correlation.
  const messageId = madeCorrelationIdOf(event);
  const receipt = await submitInvoice(deps, {
    body: rawBody(event),
    correlationId: correlationIdOf(event),
    ...(messageId ? { messageId } : {}),
    ...submitterOf(callerOf(event)),
  });
  logMessagesSent(deps.log, [receipt]);
  countAccepted(deps.metrics, 1);
  return jsonResponse(202, submissionReceiptBody(receipt), { location: `/messages/${receipt.messageId}` });
}

/** The handler over the given collaborators (tests pass fakes; Lambda gets the real ones). */
export function createSubmitInvoiceHandler(deps: Deps) {
  return httpApi({ role: 'client', maxBodyBytes: INFRASTRUCTURE.http.maxBodyBytes })
    .use(publishMetrics(deps.metrics))
    .use(idempotencyKey())
    .handler((event) => submitInvoiceHandler(deps, event));
}

export const handler = createSubmitInvoiceHandler(submitDeps());
