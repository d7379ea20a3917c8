/** GET /admin/invalid-invoice-counts: how many quarantined invoices per status, category and code (admin key). */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { createDocumentClient } from '../../lib/adapters/dynamodb/document-client';
import { DynamoDbQuarantine, quarantineTables } from '../../lib/adapters/dynamodb/dynamodb-quarantine';
import { adminListQuery } from '../../lib/http/admin-query';
import { jsonResponse } from '../../lib/http/responses';
import { httpApi } from '../../lib/middlewares/http-api';
import type { Quarantine } from '../../lib/ports/quarantine';

async function countInvalidInvoicesHandler(deps: { quarantine: Quarantine }, event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  const { status } = adminListQuery(event).filter;
  return jsonResponse(200, await deps.quarantine.counts(status ? { status } : {}));
}

/** The handler over the given collaborators (tests pass fakes; Lambda gets the real ones). */
export function createCountInvalidInvoicesHandler(deps: { quarantine: Quarantine }) {
  return httpApi({ role: 'admin' }).handler((event) => countInvalidInvoicesHandler(deps, event));
}

// The composition root: the quarantine table, once per container.
export const handler = createCountInvalidInvoicesHandler({ quarantine: new DynamoDbQuarantine(createDocumentClient(), quarantineTables()) });
