/**
 * The running local API answers what docs/openapi.yaml says: each test sends a real
 * request to serverless-offline and checks the status it expects, then the content type,
 * headers and body against the document's response for that operation and status.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LOCAL_API_URL } from '../../localstack/local-env';
import { isNode, observe, OpenApiContract, type ObservedResponse } from '../helpers/openapi';
import { uniqueName, waitFor } from '../helpers/wait-for';

const contract = OpenApiContract.load();
const CLIENT_KEY = 'local-api-key';
/** Following a message waits for the validator: up to 45 s of polling, and the submission before it. */
const FOLLOW_TIMEOUT_MS = 90_000;
const ISSUER_TAX_ID = 'B12345678';

interface ApiCall {
  method: 'GET' | 'POST';
  /** The path template of the operation in the document. */
  template: string;
  /** The concrete path sent. */
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

async function call({ method, template, path: route, headers = {}, body }: ApiCall): Promise<ObservedResponse> {
  const response = await fetch(`${LOCAL_API_URL}${route}`, { method, headers, ...(body === undefined ? {} : { body }) });
  return observe(method, template, response);
}

/** Fails with the body when the status is not the expected one, then checks the response against the document. */
function expectDocumentedAnswer(observed: ObservedResponse, status: number): void {
  if (observed.status !== status) {
    const shown = JSON.stringify(observed.body)?.slice(0, 1000);
    throw new Error(`${observed.method.toUpperCase()} ${observed.path} answered ${observed.status}, expected ${status}: ${shown}`);
  }
  contract.assertResponse(observed);
}

function validInvoice(invoiceNumber: string): Record<string, unknown> {
  const invoice = JSON.parse(readFileSync(path.join(__dirname, '../fixtures/valid-basic.json'), 'utf8')) as Record<string, unknown>;
  return { ...invoice, invoiceNumber };
}

function postInvoices(body: string, headers: Record<string, string> = { 'x-api-key': CLIENT_KEY, 'content-type': 'application/json' }) {
  return call({ method: 'POST', template: '/invoices', path: '/invoices', headers, body });
}

function getMessage(messageId: string) {
  return call({ method: 'GET', template: '/messages/{messageId}', path: `/messages/${encodeURIComponent(messageId)}`, headers: { 'x-api-key': CLIENT_KEY } });
}

/** Polls GET /messages/{messageId} until the validator has decided; a status other than 200 is kept as the last error. */
function settledMessage(messageId: string): Promise<ObservedResponse> {
  return waitFor(
    async () => {
      const observed = await getMessage(messageId);
      if (observed.status !== 200) throw new Error(`GET /messages/${messageId} answered ${observed.status}: ${JSON.stringify(observed.body)}`);
      return isNode(observed.body) && observed.body.status !== 'ACCEPTED' ? observed : undefined;
    },
    { timeoutMs: 45_000, intervalMs: 500, what: `message ${messageId} to leave ACCEPTED` },
  );
}

interface Submission {
  invoiceNumber: string;
  correlationId: string;
  response: ObservedResponse;
}

let submitted: Promise<Submission> | undefined;

/** One valid invoice per run, submitted on first use and followed by every test that needs it. */
function submission(): Promise<Submission> {
  submitted ??= submitValidInvoice();
  return submitted;
}

async function submitValidInvoice(): Promise<Submission> {
  const invoiceNumber = uniqueName('OA');
  const correlationId = uniqueName('oa-correlation');
  const response = await postInvoices(JSON.stringify(validInvoice(invoiceNumber)), {
    'x-api-key': CLIENT_KEY,
    'content-type': 'application/json',
    'x-correlation-id': correlationId,
  });
  return { invoiceNumber, correlationId, response };
}

async function acceptedMessageId(): Promise<string> {
  const { response } = await submission();
  expectDocumentedAnswer(response, 202);
  return String((response.body as Record<string, unknown>).messageId);
}

describe('POST /invoices conforms to docs/openapi.yaml', () => {
  it('answers 202 with the receipt, Location and the correlation id sent', async () => {
    const { response, correlationId } = await submission();

    expectDocumentedAnswer(response, 202);
    const receipt = response.body as Record<string, unknown>;
    expect(response.headers.location).toBe(`/messages/${String(receipt.messageId)}`);
    expect(response.headers['x-correlation-id']).toBe(correlationId);
  });

  it.each([
    ['400 for a JSON array', 400, { 'x-api-key': CLIENT_KEY, 'content-type': 'application/json' }, '[{"invoiceNumber": "F-1"}]'],
    ['401 without a key', 401, { 'content-type': 'application/json' }, '{}'],
    ['403 for a key that is not valid', 403, { 'x-api-key': 'not-a-key', 'content-type': 'application/json' }, '{}'],
    ['413 for a 300 KiB body', 413, { 'x-api-key': CLIENT_KEY, 'content-type': 'application/json' }, JSON.stringify({ ...validInvoice('OA-LARGE'), pad: 'x'.repeat(300 * 1024) })],
    ['415 for a body not declared as JSON', 415, { 'x-api-key': CLIENT_KEY, 'content-type': 'text/plain' }, '{}'],
  ])('answers %s as a documented problem', async (_name, status, headers, body) => {
    const response = await postInvoices(body, headers);

    expectDocumentedAnswer(response, status);
  });
});

describe('POST /invoices/batch conforms to docs/openapi.yaml', () => {
  it('answers 202 with one result per item: the object published, the non-object rejected alone', async () => {
    const body = JSON.stringify([validInvoice(uniqueName('OA')), 'not an invoice']);

    const response = await call({
      method: 'POST',
      template: '/invoices/batch',
      path: '/invoices/batch',
      headers: { 'x-api-key': CLIENT_KEY, 'content-type': 'application/json' },
      body,
    });

    expectDocumentedAnswer(response, 202);
    const { results } = response.body as { results: Array<Record<string, unknown>> };
    expect(results.map((result) => [result.index, result.status])).toEqual([
      [0, 202],
      [1, 400],
    ]);
  });
});

describe('GET /messages/{messageId} conforms to docs/openapi.yaml', () => {
  it('answers 200 with the outcome once the validator has processed the message', async () => {
    const messageId = await acceptedMessageId();

    const response = await settledMessage(messageId);

    expectDocumentedAnswer(response, 200);
    expect(response.body).toMatchObject({ messageId, status: 'STORED' });
  }, FOLLOW_TIMEOUT_MS);

  it('answers 404 for an id nobody sent', async () => {
    const response = await getMessage('unknown-id');

    expectDocumentedAnswer(response, 404);
  });
});

describe('GET /invoices/{issuerTaxId}/{invoiceNumber} conforms to docs/openapi.yaml', () => {
  const template = '/invoices/{issuerTaxId}/{invoiceNumber}';
  const headers = { 'x-api-key': CLIENT_KEY };

  it('answers 200 with the invoice exactly as submitted once it is STORED', async () => {
    const messageId = await acceptedMessageId();
    const { invoiceNumber } = await submission();
    await settledMessage(messageId);

    const response = await call({ method: 'GET', template, path: `/invoices/${ISSUER_TAX_ID}/${encodeURIComponent(invoiceNumber)}`, headers });

    expectDocumentedAnswer(response, 200);
    expect(response.body).toMatchObject({ issuerTaxId: ISSUER_TAX_ID, invoiceNumber, messageId, invoice: validInvoice(invoiceNumber) });
  }, FOLLOW_TIMEOUT_MS);

  it('answers 404 for an invoice that was never stored', async () => {
    const response = await call({ method: 'GET', template, path: `/invoices/${ISSUER_TAX_ID}/${uniqueName('OA-NONE')}`, headers });

    expectDocumentedAnswer(response, 404);
  });
});
