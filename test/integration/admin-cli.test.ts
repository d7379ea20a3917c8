/**
 * The admin CLI as a person runs it (`npm run admin -- ...`), against the local API.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ADMIN_KEY, callApi, waitForOutcome } from '../helpers/local-api';
import { uniqueName, waitFor } from '../helpers/wait-for';

const CLI = path.resolve(__dirname, '../../cli/admin/main.ts');

async function admin(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', CLI, ...args], { env: process.env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}

async function quarantined(invoiceNumber: string): Promise<{ messageId: string; body: Record<string, unknown> }> {
  const body = { ...(JSON.parse(readFileSync(path.join(__dirname, '../fixtures/invalid-totals.json'), 'utf8')) as Record<string, unknown>), invoiceNumber };
  const { body: receipt } = await callApi<{ messageId: string }>('POST', '/invoices', { body: JSON.stringify(body) });
  await waitFor(async () => (await callApi('GET', `/admin/invalid-invoices/${receipt.messageId}`, { key: ADMIN_KEY })).status === 200, { what: 'the quarantine entry' });
  return { messageId: receipt.messageId, body };
}

describe('admin CLI', () => {
  it('shows an entry, refuses an unchanged resend, and resends a corrected file that is then stored', async () => {
    // Prepare
    const { messageId, body } = await quarantined(uniqueName('CLI'));
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'cli-')), 'corrected.json');
    writeFileSync(file, JSON.stringify({ ...body, totals: { net: 500, tax: 105, gross: 605 } }));

    // Act
    const shown = await admin('show', messageId, '--json');
    const unchanged = await admin('resend', messageId);
    const fixed = await admin('resend', messageId, '--file', file, '--json');

    // Assess
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({ messageId, status: 'PENDING', codes: ['TOTALS_MISMATCH'] });
    expect(unchanged.code).toBe(1);
    expect(unchanged.stderr).toContain('TOTALS_MISMATCH');
    expect(fixed.code).toBe(0);
    const { newMessageId } = JSON.parse(fixed.stdout) as { newMessageId: string };
    expect((await waitForOutcome(newMessageId)).status).toBe('STORED');

    // Act: trace it by message id, by correlation id (tried when no message has the id) and by invoice
    const correlationId = (JSON.parse(shown.stdout) as { correlationId: string }).correlationId;
    const byMessage = await admin('trace', messageId);
    const byCorrelation = await admin('trace', correlationId, '--json');
    const byInvoice = await admin('trace', `${(body.issuer as { taxId: string }).taxId}/${String(body.invoiceNumber)}`, '--json');

    // Assess
    expect(byMessage.code).toBe(0);
    expect(byMessage.stdout).toContain(`message ${messageId} (RESENT)`);
    expect(byMessage.stdout).toContain(`RESENT by `);
    expect(byMessage.stdout).toContain(`message ${newMessageId} (STORED)`);
    for (const answer of [byCorrelation, byInvoice]) {
      expect(answer.code).toBe(0);
      expect((JSON.parse(answer.stdout) as { messages: Array<{ messageId: string }> }).messages.map((message) => message.messageId)).toEqual([messageId, newMessageId]);
    }
  });

  it('lists what a bulk discard would touch with --dry-run, then discards them with a summary', async () => {
    // Prepare: a code filter alone would match other tests' entries, so narrow by time
    const from = new Date().toISOString();
    const first = await quarantined(uniqueName('BULK'));
    const second = await quarantined(uniqueName('BULK'));

    // Act
    const dryRun = await admin('discard-all', '--code', 'TOTALS_MISMATCH', '--from', from, '--note', 'bulk test', '--dry-run', '--json');
    const afterDryRun = await callApi<{ status: string }>('GET', `/admin/invalid-invoices/${first.messageId}`, { key: ADMIN_KEY });
    const done = await admin('discard-all', '--code', 'TOTALS_MISMATCH', '--from', from, '--note', 'bulk test', '--json');

    // Assess
    expect(dryRun.code).toBe(0);
    expect((JSON.parse(dryRun.stdout) as { messageIds: string[] }).messageIds).toEqual(expect.arrayContaining([first.messageId, second.messageId]));
    expect(afterDryRun.body.status).toBe('PENDING');
    expect(done.code).toBe(0);
    expect(JSON.parse(done.stdout)).toMatchObject({ action: 'discard', failed: 0 });
    expect((await callApi<{ status: string }>('GET', `/admin/invalid-invoices/${second.messageId}`, { key: ADMIN_KEY })).body.status).toBe('DISCARDED');
  });

  it('exits 2 with the list of commands for an unknown command', async () => {
    const result = await admin('frobnicate');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Commands: list, show, resend, discard');
  });
});
