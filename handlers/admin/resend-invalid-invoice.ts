/**
 * POST /admin/invalid-invoices/{messageId}/resend: validates the corrected invoice (the body)
 * or the original (no body) and publishes it once; 202 {newMessageId} or 422 with reasons.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { awsAdapters } from '../../lib/adapters/aws-adapters';
import { pathParameter } from '../../lib/http/path-parameter';
import { rawBody } from '../../lib/http/raw-body';
import { jsonResponse } from '../../lib/http/responses';
import { INFRASTRUCTURE } from '../../lib/infrastructure';
import { principalOf } from '../../lib/middlewares/caller-auth';
import { httpApi } from '../../lib/middlewares/http-api';
import { log } from '../../lib/observability';
import { resendInvalidInvoice } from '../../lib/use-cases/admin/resend-invalid-invoice';

const { maxBodyBytes } = INFRASTRUCTURE.http;
const deps = {
  quarantine: awsAdapters.quarantine(),
  publisher: awsAdapters.invoicePublisher(),
  messageLog: awsAdapters.messageLog(),
  now: () => new Date(),
  maxPayloadBytes: maxBodyBytes,
  log,
};

async function resendInvalidInvoiceHandler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  const body = rawBody(event);
  const messageId = pathParameter(event, 'messageId');
  const receipt = await resendInvalidInvoice(deps, {
    messageId,
    by: principalOf(event),
    ...(body.length > 0 ? { correctedBody: body } : {}),
  });
  return jsonResponse(202, receipt, { location: `/messages/${receipt.newMessageId}` });
}

// No body resends the invoice as it was; a body is the correction, checked like any invoice.
export const handler = httpApi({ role: 'admin', maxBodyBytes, bodyOptional: true }).handler(resendInvalidInvoiceHandler);
