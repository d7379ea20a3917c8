/**
 * The first event each function gets in the cold-start probe: the smallest event of its
 * trigger that still runs its code. HTTP routes get a real request (with the key the
 * route wants, unknown ids so reads find nothing and writes change nothing); Kafka and
 * SQS functions get a batch with no records, so no shared store is written; the key check
 * gets AWS's saved REQUEST authorizer event.
 */
import { ADMIN_CALLER, DEMO_CALLER, apiGatewayEvent, authorizedContext } from '../../test/helpers/api-gateway-event';
import { savedAwsEvent } from '../../test/helpers/aws-events';
import type { BenchInvoice } from '../corpus/invoice-corpus';

const MISSING_ID = 'bench-cold-start-missing';

/**
 * @example
 * probeEvent([{ http: { method: 'post', path: 'invoices' } }], invoice) // an API Gateway event with the invoice as body
 */
export function probeEvent(events: Array<Record<string, unknown>>, invoice: BenchInvoice): unknown {
  const [first] = events;
  if (first && 'http' in first) return httpEvent(first.http as { method: string; path: string }, invoice);
  if (first && ('msk' in first || 'kafka' in first)) return { eventSource: 'aws:kafka', bootstrapServers: '127.0.0.1:9092', records: {} };
  if (first && 'sqs' in first) return { Records: [] };
  // The one function with no event of its own is the API's key check: AWS's REQUEST authorizer event.
  return savedAwsEvent('api-gateway-authorizer-request');
}

function httpEvent(route: { method: string; path: string }, invoice: BenchInvoice): unknown {
  const names = [...route.path.matchAll(/\{([^}+]+)\+?\}/g)].map((match) => match[1] as string);
  const pathParameters = names.length > 0 ? Object.fromEntries(names.map((name) => [name, MISSING_ID])) : null;
  const method = route.method.toUpperCase();
  const admin = route.path.startsWith('admin');
  return apiGatewayEvent({
    httpMethod: method,
    path: `/${route.path.replace(/\{[^}]+\}/g, MISSING_ID)}`,
    resource: `/${route.path}`,
    pathParameters,
    headers: { 'x-api-key': admin ? 'local-admin-key' : 'local-api-key', 'content-type': 'application/json', accept: 'application/json' },
    // What the key check hands the function behind API Gateway.
    requestContext: authorizedContext(admin ? ADMIN_CALLER : DEMO_CALLER),
    body: method === 'GET' ? null : bodyFor(route.path, invoice),
  });
}

function bodyFor(routePath: string, invoice: BenchInvoice): string {
  const text = invoice.value.toString();
  if (routePath === 'invoices') return text;
  if (routePath === 'invoices/batch') return `[${text}]`;
  return '{}';
}
