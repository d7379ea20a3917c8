/** GET /invoices/{issuerTaxId}/{invoiceNumber}: a stored invoice, exactly as it was submitted, with its trace. */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { createDocumentClient } from '../../lib/adapters/dynamodb/document-client';
import { DynamoDbInvoiceStore } from '../../lib/adapters/dynamodb/dynamodb-invoice-store';
import { pathParameter } from '../../lib/http/path-parameter';
import { notFound } from '../../lib/http/responses';
import { maySee } from '../../lib/domain/caller';
import { INFRASTRUCTURE } from '../../lib/infrastructure';
import { callerOf } from '../../lib/middlewares/caller-auth';
import { httpApi } from '../../lib/middlewares/http-api';
import { readStoredInvoice } from '../../lib/use-cases/read-stored-invoice';

type Deps = Parameters<typeof readStoredInvoice>[0];

async function getInvoiceHandler(deps: Deps, event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  const issuerTaxId = pathParameter(event, 'issuerTaxId');
  const invoiceNumber = pathParameter(event, 'invoiceNumber');
  const found = await readStoredInvoice(deps, { issuerTaxId, invoiceNumber });
  // Another client's invoice answers exactly as one that does not exist: nobody can probe for them.
  const stored = found && maySee(callerOf(event), found.clientId) ? found : undefined;
  if (!stored) throw notFound(`No invoice ${invoiceNumber} of issuer ${issuerTaxId} is stored. It may still be in validation (see GET /messages/{messageId}) or have been rejected.`);
  const { payload, contentHash: _hash, ...trace } = stored;
  // The stored text is valid JSON: it is placed as is, so the invoice reads exactly as it was sent.
  const body = `${JSON.stringify(trace).slice(0, -1)},"invoice":${payload}}`;
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body };
}

/** The handler over the given collaborators (tests pass fakes; Lambda gets the real ones). */
export function createGetInvoiceHandler(deps: Deps) {
  return httpApi({ role: 'client' }).handler((event) => getInvoiceHandler(deps, event));
}

// The composition root: the invoice store, once per container.
export const handler = createGetInvoiceHandler({ invoiceStore: new DynamoDbInvoiceStore(createDocumentClient(), INFRASTRUCTURE.tables.invoices.TableName) });
