/** POST /admin/invalid-invoices/{messageId}/discard with {"note": "..."}: discards a pending invoice (admin key). */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { createDocumentClient } from '../../lib/adapters/dynamodb/document-client';
import { DynamoDbQuarantine, quarantineTables } from '../../lib/adapters/dynamodb/dynamodb-quarantine';
import { jsonBodyOf } from '../../lib/http/json-body';
import { pathParameter } from '../../lib/http/path-parameter';
import { invalidInvoiceView } from '../../lib/http/admin-views';
import { jsonResponse } from '../../lib/http/responses';
import { principalOf } from '../../lib/middlewares/caller-auth';
import { httpApi } from '../../lib/middlewares/http-api';
import { log } from '../../lib/observability';
import { discardInvalidInvoice } from '../../lib/use-cases/admin/discard-invalid-invoice';

type Deps = Parameters<typeof discardInvalidInvoice>[0];

async function discardInvalidInvoiceHandler(deps: Deps, event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  const request = jsonBodyOf(event, '{"note": "why it is discarded"}') as { note?: unknown } | null;
  const entry = await discardInvalidInvoice(deps, {
    messageId: pathParameter(event, 'messageId'),
    by: principalOf(event),
    note: request?.note,
  });
  return jsonResponse(200, invalidInvoiceView(entry));
}

/** The handler over the given collaborators (tests pass fakes; Lambda gets the real ones). */
export function createDiscardInvalidInvoiceHandler(deps: Deps) {
  return httpApi({ role: 'admin', maxBodyBytes: 16_384 }).handler((event) => discardInvalidInvoiceHandler(deps, event));
}

// The composition root: the quarantine table, once per container.
export const handler = createDiscardInvalidInvoiceHandler({
  quarantine: new DynamoDbQuarantine(createDocumentClient(), quarantineTables()),
  now: () => new Date(),
  log,
});
