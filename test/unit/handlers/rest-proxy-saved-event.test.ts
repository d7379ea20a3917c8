/**
 * AWS's documented REST API proxy event behind a Lambda authorizer
 * (test/events/api-gateway-rest-lambda-authorizer.json) fed to the real HTTP handlers: only what
 * our API defines is set on it (the route, the body, the content type, and in
 * `requestContext.authorizer` the context our key check returns); everything else stays as AWS
 * sends it, with its mixed-case headers and multiValueHeaders.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createGetMessageHandler } from '../../../handlers/http/get-message';
import { createSubmitInvoiceHandler } from '../../../handlers/http/submit-invoice';
import { authorizerContextOf } from '../../../lib/http/authorizer-context';
import { savedAwsEvent } from '../../helpers/aws-events';
import { DEMO_CALLER, lambdaContext } from '../../helpers/api-gateway-event';
import { InMemoryInvoiceStore, InMemoryMessageLog, InMemoryQuarantine, RecordingLog, RecordingMetrics, RecordingPublisher } from '../../helpers/in-memory-ports';

const invoice = readFileSync(path.join(__dirname, '../../fixtures/valid-basic.json'), 'utf8');

/** AWS's event, routed to one of our routes, with the authorizer context our key check gives the demo client. */
function awsEvent(route: { httpMethod: string; resource: string; path: string; pathParameters?: Record<string, string> }, body: string | null, headers: Record<string, string> = {}): APIGatewayProxyEvent {
  const event = savedAwsEvent<APIGatewayProxyEvent>('api-gateway-rest-lambda-authorizer');
  const { principalId, context } = authorizerContextOf({ identified: true, caller: DEMO_CALLER, usage: { plan: 'standard' } });
  return {
    ...event,
    ...route,
    pathParameters: route.pathParameters ?? null,
    headers: { ...event.headers, ...headers },
    multiValueHeaders: { ...event.multiValueHeaders, ...Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]])) },
    body,
    requestContext: { ...event.requestContext, httpMethod: route.httpMethod, resourcePath: route.resource, authorizer: { principalId, integrationLatency: 422, ...context } },
  };
}

describe("the HTTP functions with AWS's REST proxy event", () => {
  const messageLog = new InMemoryMessageLog();
  const publisher = new RecordingPublisher();
  const submit = createSubmitInvoiceHandler({ publisher, messageLog, newMessageId: () => crypto.randomUUID(), now: () => new Date(), log: new RecordingLog(), metrics: new RecordingMetrics() });
  const getMessage = createGetMessageHandler({ messageLog, quarantine: new InMemoryQuarantine(), invoices: new InMemoryInvoiceStore() });

  it('POST /invoices: 202 with the message, its own correlation when the request brings none, and GET /messages/{id} finds it ACCEPTED', async () => {
    // Act
    const response = await submit(awsEvent({ httpMethod: 'POST', resource: '/invoices', path: '/invoices' }, invoice, { 'Content-Type': 'application/json' }), lambdaContext);
    const receipt = JSON.parse(response.body) as { messageId: string; correlationId: string };
    const status = await getMessage(
      awsEvent({ httpMethod: 'GET', resource: '/messages/{messageId}', path: `/messages/${receipt.messageId}`, pathParameters: { messageId: receipt.messageId } }, null),
      lambdaContext,
    );

    // Assess
    expect(response.statusCode).toBe(202);
    expect(receipt.correlationId).toBe(receipt.messageId);
    expect(response.headers?.['x-correlation-id']).toBe(receipt.correlationId);
    expect(publisher.published).toHaveLength(1);
    expect(status.statusCode).toBe(200);
    expect(JSON.parse(status.body)).toMatchObject({ messageId: receipt.messageId, status: 'ACCEPTED', invoice: { issuerTaxId: 'B12345678' } });
  });

  it("keeps the caller's X-Correlation-Id (as AWS passes a header: in the caller's case) apart from the message id", async () => {
    const response = await submit(awsEvent({ httpMethod: 'POST', resource: '/invoices', path: '/invoices' }, invoice, { 'Content-Type': 'application/json', 'X-Correlation-Id': 'order-77' }), lambdaContext);

    const receipt = JSON.parse(response.body) as { messageId: string; correlationId: string };
    expect(receipt.correlationId).toBe('order-77');
    expect(receipt.messageId).not.toBe('order-77');
  });
});
