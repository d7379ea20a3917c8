/**
 * POST /admin/invalid-invoices/{messageId}/resend: validates the corrected invoice (the body)
 * or the original (no body) and publishes it once; 202 {newMessageId} or 422 with reasons.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { createDocumentClient } from '../../lib/adapters/dynamodb/document-client';
import { DynamoDbMessageLog } from '../../lib/adapters/dynamodb/dynamodb-message-log';
import { DynamoDbQuarantine, quarantineTables } from '../../lib/adapters/dynamodb/dynamodb-quarantine';
import { invoicePublisherFor } from '../../lib/adapters/invoice-publisher-for';
import { pathParameter } from '../../lib/http/path-parameter';
import { rawBody } from '../../lib/http/raw-body';
import { jsonResponse } from '../../lib/http/responses';
import { INFRASTRUCTURE } from '../../lib/infrastructure';
import { principalOf } from '../../lib/middlewares/caller-auth';
import { httpApi } from '../../lib/middlewares/http-api';
import { countResent, pipelineMetrics, publishMetrics, type PipelineMetrics } from '../../lib/metrics/pipeline-metrics';
import { log } from '../../lib/observability';
import { resendInvalidInvoice, type ResendDeps } from '../../lib/use-cases/admin/resend-invalid-invoice';

const { maxBodyBytes } = INFRASTRUCTURE.http;

type Deps = ResendDeps & { metrics: PipelineMetrics };

async function resendInvalidInvoiceHandler(deps: Deps, event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  const body = rawBody(event);
  const messageId = pathParameter(event, 'messageId');
  const receipt = await resendInvalidInvoice(deps, {
    messageId,
    by: principalOf(event),
    ...(body.length > 0 ? { correctedBody: body } : {}),
  });
  countResent(deps.metrics);
  return jsonResponse(202, receipt, { location: `/messages/${receipt.newMessageId}` });
}

/** The handler over the given collaborators (tests pass fakes; Lambda gets the real ones). */
export function createResendInvalidInvoiceHandler(deps: Deps) {
  // No body resends the invoice as it was; a body is the correction, checked like any invoice.
  return httpApi({ role: 'admin', maxBodyBytes, bodyOptional: true })
    .use(publishMetrics(deps.metrics))
    .handler((event) => resendInvalidInvoiceHandler(deps, event));
}

// The composition root: the quarantine, the configured transport's publisher and the message log, once per container.
const documentClient = createDocumentClient();
const { tables } = INFRASTRUCTURE;
export const handler = createResendInvalidInvoiceHandler({
  quarantine: new DynamoDbQuarantine(documentClient, quarantineTables()),
  publisher: invoicePublisherFor(),
  messageLog: new DynamoDbMessageLog(documentClient, tables.messages.TableName),
  now: () => new Date(),
  maxPayloadBytes: maxBodyBytes,
  log,
  metrics: pipelineMetrics(),
});
