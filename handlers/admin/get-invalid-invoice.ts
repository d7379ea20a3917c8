/** GET /admin/invalid-invoices/{messageId}: one quarantined invoice with payload, reasons and history (admin key). */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { createDocumentClient } from '../../lib/adapters/dynamodb/document-client';
import { DynamoDbInvoiceStore } from '../../lib/adapters/dynamodb/dynamodb-invoice-store';
import { DynamoDbMessageLog } from '../../lib/adapters/dynamodb/dynamodb-message-log';
import { DynamoDbQuarantine, quarantineTables } from '../../lib/adapters/dynamodb/dynamodb-quarantine';
import { pathParameter } from '../../lib/http/path-parameter';
import { invalidInvoiceView } from '../../lib/http/admin-views';
import { jsonResponse } from '../../lib/http/responses';
import { INFRASTRUCTURE } from '../../lib/infrastructure';
import { httpApi } from '../../lib/middlewares/http-api';
import { readInvalidInvoice } from '../../lib/use-cases/admin/read-invalid-invoice';

type Deps = Parameters<typeof readInvalidInvoice>[0];

async function getInvalidInvoiceHandler(deps: Deps, event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  return jsonResponse(200, invalidInvoiceView(await readInvalidInvoice(deps, pathParameter(event, 'messageId'))));
}

/** The handler over the given collaborators (tests pass fakes; Lambda gets the real ones). */
export function createGetInvalidInvoiceHandler(deps: Deps) {
  return httpApi({ role: 'admin' }).handler((event) => getInvalidInvoiceHandler(deps, event));
}

// The composition root: the quarantine, the message log and the invoices (a resent copy's STORED), once per container.
const documentClient = createDocumentClient();
const { tables } = INFRASTRUCTURE;
export const handler = createGetInvalidInvoiceHandler({
  quarantine: new DynamoDbQuarantine(documentClient, quarantineTables()),
  messageLog: new DynamoDbMessageLog(documentClient, tables.messages.TableName),
  invoices: new DynamoDbInvoiceStore(documentClient, tables.invoices.TableName),
});
