/** GET /admin/invalid-invoices: quarantined invoices, newest first, filtered and paged (admin key). */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { createDocumentClient } from '../../lib/adapters/dynamodb/document-client';
import { DynamoDbQuarantine, quarantineTables } from '../../lib/adapters/dynamodb/dynamodb-quarantine';
import { adminListQuery } from '../../lib/http/admin-query';
import { jsonResponse } from '../../lib/http/responses';
import { httpApi } from '../../lib/middlewares/http-api';
import { listInvalidInvoices } from '../../lib/use-cases/admin/list-invalid-invoices';

type Deps = Parameters<typeof listInvalidInvoices>[0];

async function listInvalidInvoicesHandler(deps: Deps, event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  const { filter, page } = adminListQuery(event);
  return jsonResponse(200, await listInvalidInvoices(deps, filter, page));
}

/** The handler over the given collaborators (tests pass fakes; Lambda gets the real ones). */
export function createListInvalidInvoicesHandler(deps: Deps) {
  return httpApi({ role: 'admin' }).handler((event) => listInvalidInvoicesHandler(deps, event));
}

// The composition root: the quarantine table, once per container.
export const handler = createListInvalidInvoicesHandler({ quarantine: new DynamoDbQuarantine(createDocumentClient(), quarantineTables()) });
