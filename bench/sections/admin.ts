/**
 * The admin side at production volume: the quarantine preloaded at growing sizes (10,000,
 * 100,000 and 1,000,000 entries by default, over every status, category and code, with one
 * code on 0.1 % of them), and at each size p50/p99 of what an admin does, through the real
 * handlers over DynamoDB Local (and Kafka for the resend):
 * - the console's first page (any status, 25 entries);
 * - the first page of a rare code;
 * - the counts;
 * - one entry's detail;
 * - a resend (with its correction).
 *
 * The preload writes what the adapter would (entries, list rows and counters, from the same
 * key functions) with BatchWriteItem, on tables of this run, deleted at the end.
 */
import path from 'node:path';
import { DeleteTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyResult, Context } from 'aws-lambda';
import { INDEX_VERSION, type QuarantineTables } from '../../lib/adapters/dynamodb/dynamodb-quarantine';
import { QUARANTINE_STATUSES, counterFieldsOf, counterKey, listRowsOf, shardOf } from '../../lib/adapters/dynamodb/quarantine-index';
import { REASON_CATEGORY_OF, REASON_CODES, type ReasonCode } from '../../lib/domain/reasons';
import { INFRASTRUCTURE } from '../../lib/infrastructure';
import type { QuarantineEntry, QuarantineStatus } from '../../lib/ports/quarantine';
import { createTable } from '../../localstack/provision';
import { ADMIN_CALLER, apiGatewayEvent, authorizedContext } from '../../test/helpers/api-gateway-event';
import { fixture } from '../../test/helpers/records';
import type { AdminLevel, AdminOperation, AdminResult } from '../report/results';
import { summarizeLatencies } from '../stats';
import type { BenchKafka } from '../support/bench-kafka';
import { bundleLikeTheFunctions } from '../support/handler-bundle';
import { mapLimited } from '../../lib/map-limited';
import type { adminHandlers } from './admin-entry';

/** The code on 0.1 % of the entries: the filter that used to read the whole index to fill a page. */
export const RARE_CODE: ReasonCode = 'DUE_BEFORE_ISSUE';
const CLIENTS = Array.from({ length: 20 }, (_unused, index) => `client-${String(index).padStart(2, '0')}`);
const COMMON_CODES = REASON_CODES.filter((code) => code !== RARE_CODE);
const WRITE_CONCURRENCY = 24;
const FIRST_INSTANT = Date.UTC(2026, 10, 1);

interface AdminContext {
  kafka: BenchKafka;
  clients: { dynamodb: DynamoDBClient; documents: DynamoDBDocumentClient };
  names: { runId: string };
  log: (line: string) => void;
}

/**
 * The entry number `index` of the preload: status 70 % PENDING, 20 % RESENT, 10 % DISCARDED;
 * the rare code on every 1,000th; one or two of the other codes otherwise; a client on 9 of 10.
 */
export function preloadEntry(index: number, runId: string): QuarantineEntry {
  const rare = index % 1000 === 500;
  const first = rare ? RARE_CODE : (COMMON_CODES[index % COMMON_CODES.length] as ReasonCode);
  const codes: ReasonCode[] = index % 7 === 0 && !rare ? [first, COMMON_CODES[(index + 3) % COMMON_CODES.length] as ReasonCode] : [first];
  const uniqueCodes = [...new Set(codes)];
  const status: QuarantineStatus = index % 10 < 7 ? 'PENDING' : index % 10 < 9 ? 'RESENT' : 'DISCARDED';
  const at = new Date(FIRST_INSTANT + index * 50).toISOString();
  const messageId = `${runId}-q${index}`;
  return {
    messageId,
    correlationId: `${runId}-c${index}`,
    ...(index % 10 === 9 ? {} : { clientId: CLIENTS[index % CLIENTS.length] }),
    detectedAt: at,
    source: { topic: INFRASTRUCTURE.kafka.topic, partition: index % 6, offset: String(index), timestamp: at, key: null },
    headers: {},
    payload: `{"invoiceNumber":"F-${index}"}`,
    payloadEncoding: 'utf8',
    payloadSizeBytes: 24,
    reasons: uniqueCodes.map((code) => ({ category: REASON_CATEGORY_OF[code], code, path: '/x', message: 'the bench made it so' })),
    validator: { name: 'invoice-pipeline', version: 'bench' },
    status,
    category: REASON_CATEGORY_OF[first],
    codes: uniqueCodes,
    issuerTaxId: 'B12345678',
    invoiceNumber: `F-${index}`,
    quarantinedAt: at,
    notified: true,
    history: [{ at, action: 'QUARANTINED' }],
    ...(status === 'RESENT' ? { resentAs: `${messageId}-copy` } : {}),
  };
}

export async function measureAdmin(context: AdminContext, options: { levels: number[]; samples: number }): Promise<AdminResult> {
  const { clients, log } = context;
  const tables: QuarantineTables = { entries: `${context.names.runId}-quarantine`, index: `${context.names.runId}-quarantine-index`, shards: INFRASTRUCTURE.quarantine.shards };
  const messagesTable = `${context.names.runId}-admin-messages`;
  const topic = `${context.names.runId}-admin-resend`;
  await Promise.all([
    createTable(clients.dynamodb, { ...INFRASTRUCTURE.tables.invalidInvoices, TableName: tables.entries }),
    createTable(clients.dynamodb, { ...INFRASTRUCTURE.tables.invalidInvoiceIndex, TableName: tables.index }),
    createTable(clients.dynamodb, { ...INFRASTRUCTURE.tables.messages, TableName: messagesTable }),
    context.kafka.createTopic(topic),
  ]);
  const bundle = await bundleLikeTheFunctions(path.join(__dirname, 'admin-entry.ts'), path.join(__dirname, '..', '..', '.local', 'bench-build', `${context.names.runId}-admin-entry.js`));
  // Inside the project, so the packages the bundle leaves out (the AWS SDK) resolve from node_modules.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundle is built at run time
  const entry = require(bundle) as { adminHandlers: typeof adminHandlers };
  const handlers = entry.adminHandlers({ tables, messagesTable, topic, brokers: context.kafka.brokers });
  const { publisher } = handlers;
  const corrected = fixture('valid-basic').toString();
  const counters = new Map<string, Record<string, number>>();
  const levels: AdminLevel[] = [];
  // Entries resent at a smaller size are RESENT now: never picked again.
  const resent = new Set<number>();
  let loaded = 0;
  try {
    for (const size of [...options.levels].sort((a, b) => a - b)) {
      const started = Date.now();
      await preload(clients.documents, tables, loaded, size, context.names.runId, counters);
      const preloadMs = Date.now() - started;
      loaded = size;
      log(`admin: ${size} quarantined (preloaded in ${(preloadMs / 1000).toFixed(1)} s); measuring`);
      const pick = picker(size, resent);
      const timed = async (call: () => Promise<APIGatewayProxyResult>, expectStatus: number, what: string): Promise<number[]> => {
        // Three calls first warm the handler, its connections and (for the resend) the producer; only the samples count.
        for (let warm = 0; warm < 3; warm += 1) await call();
        const samples: number[] = [];
        for (let sample = 0; sample < options.samples; sample += 1) {
          const start = performance.now();
          const answer = await call();
          samples.push(performance.now() - start);
          if (answer.statusCode !== expectStatus) throw new Error(`${what} answered ${answer.statusCode}: ${answer.body.slice(0, 300)}`);
        }
        return samples;
      };
      const ops: Record<AdminOperation, number[]> = {
        firstPage: await timed(() => invoke(handlers.list, request('GET', '/admin/invalid-invoices', { limit: '25' })), 200, 'the first page'),
        rareCodePage: await timed(() => invoke(handlers.list, request('GET', '/admin/invalid-invoices', { code: RARE_CODE, limit: '25' })), 200, 'the rare code page'),
        counts: await timed(() => invoke(handlers.counts, request('GET', '/admin/invalid-invoice-counts')), 200, 'the counts'),
        detail: await timed(() => invoke(handlers.detail, request('GET', '/admin/invalid-invoices/{messageId}', undefined, { messageId: `${context.names.runId}-q${pick.any()}` })), 200, 'a detail'),
        resend: await timed(
          () => invoke(handlers.resend, request('POST', '/admin/invalid-invoices/{messageId}/resend', undefined, { messageId: `${context.names.runId}-q${pick.pending()}` }, corrected)),
          202,
          'a resend',
        ),
      };
      const rarePage = JSON.parse((await invoke(handlers.list, request('GET', '/admin/invalid-invoices', { code: RARE_CODE, limit: '25' }))).body) as { items: unknown[] };
      levels.push({
        entries: size,
        preloadMs,
        rareCodeEntries: Math.floor((size + 499) / 1000),
        rareCodeFirstPage: rarePage.items.length,
        operations: Object.fromEntries(Object.entries(ops).map(([name, samples]) => [name, summarizeLatencies(samples)])) as AdminLevel['operations'],
      });
    }
  } finally {
    await publisher.disconnect().catch(() => undefined);
    await Promise.all(
      [tables.entries, tables.index, messagesTable].map((TableName) => clients.dynamodb.send(new DeleteTableCommand({ TableName })).catch(() => undefined)),
    );
    await context.kafka.deleteTopics([topic]).catch(() => undefined);
  }
  return { samples: options.samples, rareCode: RARE_CODE, shards: tables.shards, levels };
}

/** Writes entries [from, to) with their rows, and the counters as they then stand. */
async function preload(
  documents: DynamoDBDocumentClient,
  tables: QuarantineTables,
  from: number,
  to: number,
  runId: string,
  counters: Map<string, Record<string, number>>,
): Promise<void> {
  const CHUNK = 500;
  const chunks: number[] = [];
  for (let start = from; start < to; start += CHUNK) chunks.push(start);
  await mapLimited(chunks, WRITE_CONCURRENCY, async (start) => {
    const requests: Array<{ table: string; item: Record<string, unknown> }> = [];
    for (let index = start; index < Math.min(start + CHUNK, to); index += 1) {
      const entry = preloadEntry(index, runId);
      requests.push({ table: tables.entries, item: { ...entry, indexVersion: INDEX_VERSION } });
      for (const row of listRowsOf(entry, tables.shards)) requests.push({ table: tables.index, item: { ...row } });
      const key = counterKey(entry.status, shardOf(entry.messageId, tables.shards)).list;
      const counter = counters.get(key) ?? {};
      for (const field of counterFieldsOf(entry)) counter[field] = (counter[field] ?? 0) + 1;
      counters.set(key, counter);
    }
    for (let offset = 0; offset < requests.length; offset += 25) await writeAll(documents, requests.slice(offset, offset + 25));
  });
  for (const status of QUARANTINE_STATUSES) {
    for (let shard = 0; shard < tables.shards; shard += 1) {
      const key = counterKey(status, shard);
      await documents.send(new PutCommand({ TableName: tables.index, Item: { ...key, ...(counters.get(key.list) ?? {}) } }));
    }
  }
}

async function writeAll(documents: DynamoDBDocumentClient, requests: Array<{ table: string; item: Record<string, unknown> }>): Promise<void> {
  let pending: Record<string, Array<{ PutRequest: { Item: Record<string, unknown> } }>> = {};
  for (const { table, item } of requests) (pending[table] ??= []).push({ PutRequest: { Item: item } });
  for (let round = 0; Object.keys(pending).length > 0; round += 1) {
    if (round > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(2000, 25 * 2 ** round)));
    if (round > 10) throw new Error('DynamoDB Local kept leaving the preload unprocessed');
    const answer = await documents.send(new BatchWriteCommand({ RequestItems: pending }));
    pending = (answer.UnprocessedItems ?? {}) as typeof pending;
  }
}

/** Entries to open and to resend: spread over the whole quarantine, each PENDING one resent once. */
function picker(size: number, used: Set<number>): { any: () => number; pending: () => number } {
  let seed = size;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % size;
  };
  return {
    any: next,
    pending: () => {
      for (;;) {
        const index = next();
        if (index % 10 < 7 && index % 1000 !== 500 && !used.has(index)) {
          used.add(index);
          return index;
        }
      }
    },
  };
}

function request(method: string, resource: string, query?: Record<string, string>, pathParameters?: Record<string, string>, body?: string) {
  const path = resource.replace(/\{(\w+)\}/g, (_whole, name: string) => encodeURIComponent(pathParameters?.[name] ?? ''));
  return apiGatewayEvent({
    httpMethod: method,
    path,
    resource,
    pathParameters: pathParameters ?? null,
    queryStringParameters: query ?? null,
    headers: { authorization: 'Bearer local-admin-key', accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}) },
    requestContext: authorizedContext(ADMIN_CALLER),
    body: body ?? null,
  });
}

const lambdaContext = { awsRequestId: 'bench-admin', functionName: 'bench-admin', getRemainingTimeInMillis: () => 30_000 } as unknown as Context;

async function invoke(handler: (event: ReturnType<typeof request>, context: Context) => Promise<APIGatewayProxyResult>, event: ReturnType<typeof request>): Promise<APIGatewayProxyResult> {
  return handler(event, lambdaContext);
}
