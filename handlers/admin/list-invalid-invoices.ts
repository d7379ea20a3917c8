/** GET /admin/invalid-invoices: quarantined invoices, newest first, filtered and paged (admin key). */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { awsAdapters } from '../../lib/adapters/aws-adapters';
import { adminListQuery } from '../../lib/http/admin-query';
import { jsonResponse } from '../../lib/http/responses';
import { httpApi } from '../../lib/middlewares/http-api';
import { listInvalidInvoices } from '../../lib/use-cases/admin/list-invalid-invoices';

const deps = { quarantine: awsAdapters.quarantine() };

async function listInvalidInvoicesHandler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  const { filter, page } = adminListQuery(event);
  return jsonResponse(200, await listInvalidInvoices(deps, filter, page));
}

export const handler = httpApi({ role: 'admin' }).handler(listInvalidInvoicesHandler);
