/** GET /admin/invalid-invoices/{messageId}: one quarantined invoice with payload, reasons and history (admin key). */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { awsAdapters } from '../../lib/adapters/aws-adapters';
import { pathParameter } from '../../lib/http/path-parameter';
import { jsonResponse } from '../../lib/http/responses';
import { httpApi } from '../../lib/middlewares/http-api';
import { readInvalidInvoice } from '../../lib/use-cases/admin/read-invalid-invoice';

const deps = { quarantine: awsAdapters.quarantine(), messageLog: awsAdapters.messageLog() };

async function getInvalidInvoiceHandler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  const { notified: _notified, ...entry } = await readInvalidInvoice(deps, pathParameter(event, 'messageId'));
  return jsonResponse(200, entry);
}

export const handler = httpApi({ role: 'admin' }).handler(getInvalidInvoiceHandler);
