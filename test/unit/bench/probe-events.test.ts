import type { APIGatewayProxyEvent } from 'aws-lambda';
import { buildValidInvoices } from '../../../bench/corpus/invoice-corpus';
import { probeEvent } from '../../../bench/sections/probe-events';

const [invoice] = buildValidInvoices('bench-test-cold', 1, new Date('2026-11-24T10:00:00Z'));

describe('probeEvent', () => {
  it('posts a real invoice to POST /invoices with the client key', () => {
    const event = probeEvent([{ http: { method: 'post', path: 'invoices' } }], invoice!) as APIGatewayProxyEvent;

    expect(event).toMatchObject({ httpMethod: 'POST', path: '/invoices', headers: { 'x-api-key': 'local-api-key' } });
    expect(JSON.parse(event.body ?? '')).toMatchObject({ invoiceNumber: invoice?.identity?.invoiceNumber });
  });

  it('asks admin routes for an unknown id with the admin key', () => {
    const event = probeEvent([{ http: { method: 'get', path: 'admin/invalid-invoices/{messageId}' } }], invoice!) as APIGatewayProxyEvent;

    expect(event).toMatchObject({ httpMethod: 'GET', headers: { 'x-api-key': 'local-admin-key' }, pathParameters: { messageId: 'bench-cold-start-missing' }, body: null });
  });

  it('fills greedy path parameters under their plain name', () => {
    const event = probeEvent([{ http: { method: 'get', path: 'invoices/{issuerTaxId}/{invoiceNumber+}' } }], invoice!) as APIGatewayProxyEvent;

    expect(event.pathParameters).toEqual({ issuerTaxId: 'bench-cold-start-missing', invoiceNumber: 'bench-cold-start-missing' });
  });

  it.each([
    [[{ msk: { topic: 'invoices' } }], { eventSource: 'aws:kafka', bootstrapServers: '127.0.0.1:9092', records: {} }],
    [[{ sqs: { arn: 'x' } }], { Records: [] }],
  ])('gives a Kafka or SQS function a batch with no records (%j)', (events, expected) => {
    expect(probeEvent(events, invoice!)).toEqual(expected);
  });
});
