/** POST /admin/invalid-invoices/{messageId}/discard with {"note": "..."}: discards a pending invoice (admin key). */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { awsAdapters } from '../../lib/adapters/aws-adapters';
import { BadRequestError } from '../../lib/errors';
import { pathParameter } from '../../lib/http/path-parameter';
import { rawBody } from '../../lib/http/raw-body';
import { jsonResponse } from '../../lib/http/responses';
import { principalOf } from '../../lib/middlewares/caller-auth';
import { httpApi } from '../../lib/middlewares/http-api';
import { log } from '../../lib/observability';
import { discardInvalidInvoice } from '../../lib/use-cases/admin/discard-invalid-invoice';

const deps = { quarantine: awsAdapters.quarantine(), now: () => new Date(), log };

async function discardInvalidInvoiceHandler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  let request: { note?: unknown };
  try {
    request = JSON.parse(rawBody(event).toString('utf8')) as { note?: unknown };
  } catch {
    throw new BadRequestError('Send {"note": "why it is discarded"} as JSON.');
  }
  const { notified: _notified, ...entry } = await discardInvalidInvoice(deps, {
    messageId: pathParameter(event, 'messageId'),
    by: principalOf(event),
    note: request?.note,
  });
  return jsonResponse(200, entry);
}

export const handler = httpApi({ role: 'admin', maxBodyBytes: 16_384 }).handler(discardInvalidInvoiceHandler);
