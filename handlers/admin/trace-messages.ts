/**
 * GET /admin/message-trace?messageId=|correlationId=|issuerTaxId=&invoiceNumber=: the message
 * explorer, every message of the lookup with its timeline (admin key).
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { z } from 'zod';
import { createDocumentClient } from '../../lib/adapters/dynamodb/document-client';
import { DynamoDbInvoiceStore } from '../../lib/adapters/dynamodb/dynamodb-invoice-store';
import { DynamoDbMessageLog } from '../../lib/adapters/dynamodb/dynamodb-message-log';
import { DynamoDbQuarantine, quarantineTables } from '../../lib/adapters/dynamodb/dynamodb-quarantine';
import type { messageTraceSchema } from '../../lib/contracts/admin-api';
import { jsonResponse } from '../../lib/http/responses';
import { INFRASTRUCTURE } from '../../lib/infrastructure';
import { httpApi } from '../../lib/middlewares/http-api';
import { traceLookupOf, traceMessages } from '../../lib/use-cases/admin/trace-messages';

type Deps = Parameters<typeof traceMessages>[0];

async function traceMessagesHandler(deps: Deps, event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  const trace = await traceMessages(deps, traceLookupOf(event.queryStringParameters ?? {}));
  return jsonResponse(200, trace satisfies z.input<typeof messageTraceSchema>);
}

/** The handler over the given collaborators (tests pass fakes; Lambda gets the real ones). */
export function createTraceMessagesHandler(deps: Deps) {
  return httpApi({ role: 'admin' }).handler((event) => traceMessagesHandler(deps, event));
}

// The composition root: the message log (with its two indexes), the quarantine and the stored invoices, once per container.
const documentClient = createDocumentClient();
export const handler = createTraceMessagesHandler({
  messages: new DynamoDbMessageLog(documentClient, INFRASTRUCTURE.tables.messages.TableName),
  quarantine: new DynamoDbQuarantine(documentClient, quarantineTables()),
  invoices: new DynamoDbInvoiceStore(documentClient, INFRASTRUCTURE.tables.invoices.TableName),
});
