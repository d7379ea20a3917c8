/**
 * The quarantine on DynamoDB Local, on tables of its own so the counts are this test's alone:
 * lists served by key in every filter and across pages, counters that follow every change,
 * concurrent admins, and the backfill of entries written before the index existed.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../lib/adapters/dynamodb/document-client';
import { DynamoDbQuarantine, INDEX_VERSION, type QuarantineTables } from '../../lib/adapters/dynamodb/dynamodb-quarantine';
import { backfillQuarantineIndex, type BackfillCheckpoint } from '../../lib/adapters/dynamodb/quarantine-backfill';
import { INFRASTRUCTURE } from '../../lib/infrastructure';
import { REASON_CATEGORY_OF, type ReasonCode } from '../../lib/domain/reasons';
import type { QuarantineCounts, QuarantineEntry, QuarantineFilter, QuarantineListItem, QuarantineStatus } from '../../lib/ports/quarantine';
import { createTable } from '../../localstack/provision';
import { uniqueName } from '../helpers/wait-for';

const client = createDocumentClient();
const tables: QuarantineTables = { entries: uniqueName('QuarantineEntries'), index: uniqueName('QuarantineIndex'), shards: 4 };
const quarantine = new DynamoDbQuarantine(client, tables);

const CODES: ReasonCode[] = ['TOTALS_MISMATCH', 'INVALID_DATE', 'MISSING_FIELD', 'OUT_OF_RANGE'];

function entry(index: number, overrides: Partial<QuarantineEntry> = {}): QuarantineEntry {
  const codes = index % 5 === 0 ? [CODES[index % 4] as ReasonCode, 'INVALID_JSON' as ReasonCode] : [CODES[index % 4] as ReasonCode];
  return {
    messageId: `m-${String(index).padStart(3, '0')}`,
    correlationId: `c-${index}`,
    ...(index % 3 === 0 ? {} : { clientId: index % 3 === 1 ? 'acme' : 'globex' }),
    detectedAt: '2026-12-01T09:00:00.000Z',
    source: { topic: 'invoices', partition: index % 6, offset: String(index), timestamp: '2026-12-01T09:00:00.000Z', key: null },
    headers: {},
    payload: `{"n":${index}}`,
    payloadEncoding: 'utf8',
    payloadSizeBytes: 8,
    reasons: codes.map((code) => ({ category: REASON_CATEGORY_OF[code], code, path: '/x', message: 'wrong' })),
    validator: { name: 'invoice-pipeline', version: 'test' },
    status: 'PENDING',
    category: REASON_CATEGORY_OF[codes[0] as ReasonCode],
    codes,
    // Two entries share each millisecond, so the message id must order them.
    quarantinedAt: new Date(Date.UTC(2026, 11, 1, 10, 0, 0, Math.floor(index / 2))).toISOString(),
    notified: false,
    history: [{ at: '2026-12-01T10:00:00.000Z', action: 'QUARANTINED' }],
    ...overrides,
  };
}

/** What the lists and counts must say, worked out from the entries themselves. */
function expected(entries: QuarantineEntry[], filter: QuarantineFilter): string[] {
  return entries
    .filter((item) => (!filter.status || item.status === filter.status) && (!filter.code || item.codes.includes(filter.code)))
    .filter((item) => (!filter.category || item.category === filter.category) && (!filter.clientId || item.clientId === filter.clientId))
    .filter((item) => (!filter.from || item.quarantinedAt >= filter.from) && (!filter.to || item.quarantinedAt <= filter.to))
    .sort((a, b) => (a.quarantinedAt === b.quarantinedAt ? b.messageId.localeCompare(a.messageId) : b.quarantinedAt.localeCompare(a.quarantinedAt)))
    .map((item) => item.messageId);
}

function expectedCounts(entries: QuarantineEntry[], status?: QuarantineStatus): QuarantineCounts {
  const counts: QuarantineCounts = { total: 0, byStatus: {}, byCategory: {}, byCode: {} };
  for (const item of entries.filter((candidate) => !status || candidate.status === status)) {
    counts.total += 1;
    counts.byStatus[item.status] = (counts.byStatus[item.status] ?? 0) + 1;
    counts.byCategory[item.category] = (counts.byCategory[item.category] ?? 0) + 1;
    for (const code of item.codes) counts.byCode[code] = (counts.byCode[code] ?? 0) + 1;
  }
  return counts;
}

async function listAll(filter: QuarantineFilter, limit: number): Promise<QuarantineListItem[]> {
  const items: QuarantineListItem[] = [];
  let cursor: string | undefined;
  do {
    const page = await quarantine.list(filter, { limit, ...(cursor ? { cursor } : {}) });
    expect(page.items.length).toBeLessThanOrEqual(limit);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

const entries = Array.from({ length: 60 }, (_, index) => entry(index));

beforeAll(async () => {
  const dynamodb = new DynamoDBClient({});
  await createTable(dynamodb, { ...INFRASTRUCTURE.tables.invalidInvoices, TableName: tables.entries });
  await createTable(dynamodb, { ...INFRASTRUCTURE.tables.invalidInvoiceIndex, TableName: tables.index });
  for (const item of entries) expect(await quarantine.addIfAbsent(item)).toEqual({ added: true });
});

describe('DynamoDbQuarantine lists', () => {
  it.each<[string, QuarantineFilter]>([
    ['every entry', {}],
    ['one status', { status: 'PENDING' }],
    ['one code', { code: 'INVALID_JSON' }],
    ['a status and a code', { status: 'PENDING', code: 'OUT_OF_RANGE' }],
    ['a category', { category: 'STRUCTURE' }],
    ['a client', { clientId: 'acme' }],
    ['a client and a code (the client checked on the code list)', { clientId: 'globex', code: 'TOTALS_MISMATCH' }],
    ['a client and a category', { clientId: 'acme', category: 'DATA' }],
    ['a time range', { from: '2026-12-01T10:00:00.005Z', to: '2026-12-01T10:00:00.020Z' }],
  ])('pages through %s newest first, each entry once', async (_what, filter) => {
    // Act
    const items = await listAll(filter, 7);

    // Assess
    expect(items.map((item) => item.messageId)).toEqual(expected(entries, filter));
  });

  it('shows the summary on the page: codes and how many reasons, not the payload', async () => {
    // Act
    const page = await quarantine.list({ code: 'INVALID_JSON' }, { limit: 1 });

    // Assess
    expect(page.items[0]).toEqual({
      messageId: 'm-055',
      status: 'PENDING',
      correlationId: 'c-55',
      clientId: 'acme',
      quarantinedAt: entries[55]?.quarantinedAt,
      category: 'RANGE',
      codes: ['OUT_OF_RANGE', 'INVALID_JSON'],
      reasonCount: 2,
    });
  });

  it('refuses a cursor it did not give out, saying to start again', async () => {
    await expect(quarantine.list({}, { limit: 5, cursor: 'bm90LWEtY3Vyc29y' })).rejects.toThrow('start again without it');
  });
});

describe('DynamoDbQuarantine counters', () => {
  it('count what the entries hold, for every status and for each one', async () => {
    expect(await quarantine.counts({})).toEqual(expectedCounts(entries));
    expect(await quarantine.counts({ status: 'PENDING' })).toEqual(expectedCounts(entries, 'PENDING'));
    expect(await quarantine.counts({ status: 'RESENT' })).toEqual(expectedCounts(entries, 'RESENT'));
  });

  it('follow a resend, a discard and a resend put back, and the lists move with them', async () => {
    // Act
    expect(await quarantine.changeIfPending('m-010', { status: 'RESENT', resentAs: 'new-10', event: { at: '2026-12-01T11:00:00.000Z', action: 'RESENT', newMessageId: 'new-10' } })).toBe('changed');
    expect(await quarantine.changeIfPending('m-011', { status: 'DISCARDED', event: { at: '2026-12-01T11:00:00.000Z', action: 'DISCARDED', note: 'not needed' } })).toBe('changed');
    expect(await quarantine.changeIfPending('m-012', { status: 'RESENT', resentAs: 'new-12', event: { at: '2026-12-01T11:00:00.000Z', action: 'RESENT', newMessageId: 'new-12' } })).toBe('changed');
    await quarantine.revertResend('m-012', 'new-12', { at: '2026-12-01T11:00:01.000Z', action: 'RESEND_FAILED', newMessageId: 'new-12', note: 'Kafka did not take it' });

    // Assess
    Object.assign(entries[10] as QuarantineEntry, { status: 'RESENT', resentAs: 'new-10' });
    Object.assign(entries[11] as QuarantineEntry, { status: 'DISCARDED' });
    expect(await quarantine.counts({})).toEqual(expectedCounts(entries));
    expect(await quarantine.counts({ status: 'DISCARDED' })).toEqual(expectedCounts(entries, 'DISCARDED'));
    expect((await listAll({ status: 'RESENT' }, 10)).map((item) => [item.messageId, item.resentAs])).toEqual([['m-010', 'new-10']]);
    expect((await listAll({ status: 'PENDING', code: CODES[0] }, 50)).map((item) => item.messageId)).toEqual(expected(entries, { status: 'PENDING', code: CODES[0] }));
    expect((await quarantine.get('m-012'))?.status).toBe('PENDING');
  });

  it('let one of two admins acting at once win, and count the entry once', async () => {
    // Act
    const attempts = await Promise.all([
      quarantine.changeIfPending('m-020', { status: 'DISCARDED', event: { at: '2026-12-01T11:00:00.000Z', action: 'DISCARDED', by: 'a', note: 'not needed' } }),
      quarantine.changeIfPending('m-020', { status: 'RESENT', resentAs: 'new-20', event: { at: '2026-12-01T11:00:00.000Z', action: 'RESENT', by: 'b', newMessageId: 'new-20' } }),
    ]);

    // Assess
    expect([...attempts].sort()).toEqual(['changed', 'not-pending']);
    Object.assign(entries[20] as QuarantineEntry, { status: (await quarantine.get('m-020'))?.status });
    expect(await quarantine.counts({})).toEqual(expectedCounts(entries));
    expect(await quarantine.changeIfPending('m-999', { status: 'DISCARDED', event: { at: 't', action: 'DISCARDED', note: 'not needed' } })).toBe('missing');
  });

  it('do not count an entry that arrives twice (a redelivered message)', async () => {
    // Act
    const again = await quarantine.addIfAbsent(entry(30));

    // Assess
    expect(again).toMatchObject({ added: false, existing: { messageId: 'm-030' } });
    expect(await quarantine.counts({})).toEqual(expectedCounts(entries));
  });
});

describe('the backfill of entries quarantined before the index', () => {
  const legacy = Array.from({ length: 30 }, (_, index) => entry(100 + index, { quarantinedAt: `2026-11-30T10:00:${String(index).padStart(2, '0')}.000Z` }));

  beforeAll(async () => {
    // As the previous version wrote them: the entry alone, with its one list partition.
    for (const item of legacy) await client.send(new PutCommand({ TableName: tables.entries, Item: { ...item, listPartition: 'ALL' } }));
  });

  it('indexes each once, resumes from its checkpoint, and a second run changes nothing', async () => {
    // Prepare: a run that stops after its first page
    const checkpoints: BackfillCheckpoint[] = [];
    const stopped = backfillQuarantineIndex({
      client,
      quarantine,
      entriesTable: tables.entries,
      segments: 2,
      onCheckpoint: (checkpoint) => {
        checkpoints.push(structuredClone(checkpoint));
        throw new Error('stopped');
      },
    });
    await expect(stopped).rejects.toThrow('stopped');

    // Act
    const resumed = await backfillQuarantineIndex({ client, quarantine, entriesTable: tables.entries, segments: 2, resumeFrom: checkpoints[0] });
    const again = await backfillQuarantineIndex({ client, quarantine, entriesTable: tables.entries, segments: 2 });

    // Assess
    expect(resumed.indexed).toBeLessThanOrEqual(30);
    expect(again.indexed).toBe(0);
    const all = [...entries, ...legacy];
    expect(await quarantine.counts({})).toEqual(expectedCounts(all));
    expect((await listAll({}, 25)).map((item) => item.messageId)).toEqual(expected(all, {}));
    const stored = await quarantine.get('m-100');
    expect(stored).toBeDefined();
    expect(stored).not.toHaveProperty('listPartition');
  });

  it('indexes a legacy entry before changing it, so its counters never go below what it added', async () => {
    // Prepare
    const late = entry(200, { quarantinedAt: '2026-11-29T10:00:00.000Z' });
    await client.send(new PutCommand({ TableName: tables.entries, Item: { ...late, listPartition: 'ALL' } }));

    // Act
    expect(await quarantine.changeIfPending('m-200', { status: 'DISCARDED', event: { at: 't', action: 'DISCARDED', note: 'not needed' } })).toBe('changed');

    // Assess
    const all = [...entries, ...legacy, { ...late, status: 'DISCARDED' as const }];
    expect(await quarantine.counts({})).toEqual(expectedCounts(all));
    expect(await quarantine.indexExisting({ ...late, indexVersion: INDEX_VERSION })).toBe(false);
  });
});
