/** GET /admin/invalid-invoice-counts: how many quarantined invoices per status, category and code (admin key). */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { awsAdapters } from '../../lib/adapters/aws-adapters';
import { adminListQuery } from '../../lib/http/admin-query';
import { jsonResponse } from '../../lib/http/responses';
import { httpApi } from '../../lib/middlewares/http-api';

const quarantine = awsAdapters.quarantine();

async function countInvalidInvoicesHandler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  const { status } = adminListQuery(event).filter;
  return jsonResponse(200, await quarantine.counts(status ? { status } : {}));
}

export const handler = httpApi({ role: 'admin' }).handler(countInvalidInvoicesHandler);
