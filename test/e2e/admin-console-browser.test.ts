/**
 * The admin console in real headless Chromium against the local stack: an invoice with a
 * wrong gross total is quarantined, found in the console's list, shown with its reason on
 * /totals/gross, corrected in the editor (whose reasons empty as the admin types, by the
 * back end's own validator), resent, stored, and listed as RESENT.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { LOCAL_API_URL } from '../../localstack/local-env';
import { launchBrowser, type HeadlessBrowser } from '../helpers/browser';
import { ADMIN_KEY, CLIENT_KEY, callApi, waitForOutcome } from '../helpers/local-api';
import { uniqueName, waitFor } from '../helpers/wait-for';

const SCREENSHOT = path.join(__dirname, '..', '..', 'test-results', 'admin-console-detail.png');

/** Posts the invalid-totals sample under a new invoice number and waits until admins can see it. */
async function quarantinedTotalsMismatch(): Promise<string> {
  const invoice = { ...(JSON.parse(readFileSync(path.join(__dirname, '../fixtures/invalid-totals.json'), 'utf8')) as object), invoiceNumber: uniqueName('UI') };
  const posted = await callApi<{ messageId: string }>('POST', '/invoices', { key: CLIENT_KEY, body: JSON.stringify(invoice) });
  expect(posted.status).toBe(202);
  const { messageId } = posted.body;
  await waitFor(async () => (await callApi('GET', `/admin/invalid-invoices/${encodeURIComponent(messageId)}`, { key: ADMIN_KEY })).status === 200, {
    timeoutMs: 60_000,
    what: `message ${messageId} in the quarantine`,
  });
  return messageId;
}

/** Applies the filters and waits until the console has drawn their answer. */
async function applyFilters(page: Page, filters: { status: string; code: string }): Promise<void> {
  await page.getByLabel('Status').selectOption(filters.status);
  await page.getByLabel('Reason code').selectOption(filters.code);
  await page.getByRole('button', { name: 'Apply' }).click();
  await listDrawn(page);
}

/** The list marks its rows aria-busy while a load is on its way. */
async function listDrawn(page: Page): Promise<void> {
  await page.locator('#invoice-rows:not([aria-busy])').waitFor({ state: 'attached' });
}

/**
 * Lists with these filters, paging with "More", and gives the message's status as its row
 * shows it (undefined when it is not listed). The list reads an index that DynamoDB updates
 * a moment after the entry, so callers ask again until it shows what they expect.
 */
async function listedStatus(page: Page, messageId: string, filters: { status: string; code: string }): Promise<string | undefined> {
  await applyFilters(page, filters);
  const row = page.locator(`#invoice-rows tr[data-message-id="${messageId}"]`);
  // By id, not role: a hidden button has no role, and a role query would wait for it to appear.
  const more = page.locator('#more');
  while ((await row.count()) === 0 && (await more.isVisible())) {
    await more.click();
    await listDrawn(page);
  }
  return (await row.count()) > 0 ? ((await row.locator('.status').textContent()) ?? '') : undefined;
}

async function waitUntilListedAs(page: Page, messageId: string, status: string): Promise<void> {
  await waitFor(async () => (await listedStatus(page, messageId, { status, code: 'TOTALS_MISMATCH' })) === status, {
    timeoutMs: 20_000,
    intervalMs: 500,
    what: `message ${messageId} listed as ${status} in the console`,
  });
}

describe('the admin console in a browser', () => {
  let browser: HeadlessBrowser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('finds a quarantined invoice, shows its reason on the field, validates the correction as it is typed, and resends it', async () => {
    // Prepare
    const messageId = await quarantinedTotalsMismatch();
    const page = await browser.context.newPage();
    const pageProblems: string[] = [];
    page.on('pageerror', (error) => pageProblems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content.Security.Policy|Trusted Type/i.test(message.text())) pageProblems.push(message.text());
    });

    // Act: log in and open the invoice from the filtered list
    await page.goto(`${LOCAL_API_URL}/admin`);
    await page.getByLabel('Admin key').fill(ADMIN_KEY);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.locator('#count-total').waitFor();
    await waitUntilListedAs(page, messageId, 'PENDING');
    await page.locator(`#invoice-rows tr[data-message-id="${messageId}"]`).getByRole('link').click();
    const grossLine = page.locator('#payload [data-pointer="/totals/gross"]');
    await grossLine.waitFor();
    mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });

    // Assess: the reason sits next to the field it is about, and the editor starts with it
    expect(await grossLine.textContent()).toContain('TOTALS_MISMATCH');
    expect(await page.locator('#payload .flagged').count()).toBe(1);
    expect(await page.locator('#detail-facts').textContent()).toContain(messageId);
    const liveReasons = page.locator('#live-reasons li');
    expect(await liveReasons.allTextContents()).toEqual([expect.stringContaining('TOTALS_MISMATCH /totals/gross')]);

    // Act: type the right gross total over the wrong one
    const editor = page.getByLabel(/Corrected invoice/);
    const text = await editor.inputValue();
    const start = text.indexOf('"gross": 650') + '"gross": '.length;
    await editor.focus();
    // The test's TypeScript has no DOM types; the textarea is all this needs of it.
    await editor.evaluate((element, [from, to]) => (element as unknown as { setSelectionRange(a: number, b: number): void }).setSelectionRange(from ?? 0, to ?? 0), [start, start + 3]);
    await page.keyboard.type('605');

    // Assess: validated as typed, with no button pressed
    await waitFor(async () => (await liveReasons.count()) === 0, { timeoutMs: 5_000, what: 'the live reasons to empty' });
    expect(await page.locator('#live-summary').textContent()).toContain('No problems');

    // Act: resend the correction
    await page.getByRole('button', { name: 'Resend', exact: true }).click();
    const newMessageId = (await page.locator('#new-message-id').textContent({ timeout: 20_000 })) ?? '';

    // Assess: the copy is stored, and the original is listed as RESENT
    expect(newMessageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await waitForOutcome(newMessageId, 60_000)).toMatchObject({ status: 'STORED' });
    await waitFor(async () => (await page.locator('#new-message-status').textContent()) === 'STORED', { timeoutMs: 15_000, what: 'the console to show STORED' });
    await page.getByRole('link', { name: /Back to the list/ }).click();
    await waitUntilListedAs(page, messageId, 'RESENT');
    expect(pageProblems).toEqual([]);
  }, 120_000);

  it('traces a quarantined invoice in the message explorer, from its entry and back, and finds it by invoice', async () => {
    // Prepare
    const messageId = await quarantinedTotalsMismatch();
    const entry = (await callApi<{ issuerTaxId: string; invoiceNumber: string }>('GET', `/admin/invalid-invoices/${encodeURIComponent(messageId)}`, { key: ADMIN_KEY })).body;
    const page = await browser.context.newPage();
    await page.goto(`${LOCAL_API_URL}/admin#invoice/${encodeURIComponent(messageId)}`);
    await page.getByLabel('Admin key').fill(ADMIN_KEY);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.locator('#detail-facts').waitFor();

    // Act: from the entry to its trace
    await page.getByRole('link', { name: 'Trace this message' }).click();
    const card = page.locator(`#trace-results article[data-message-id="${messageId}"]`);
    await card.waitFor();

    // Assess: its timeline, accepted on Kafka, rejected with its reason, quarantined
    const events = await Promise.all((await card.locator('.timeline > li').all()).map((item) => item.getAttribute('data-event')));
    expect(events).toEqual(['ACCEPTED', 'INVALID', 'QUARANTINED']);
    expect(await card.locator('li[data-event="ACCEPTED"]').textContent()).toMatch(/invoices partition \d+, offset \d+/);
    expect(await card.locator('li[data-event="INVALID"]').textContent()).toContain('TOTALS_MISMATCH');
    expect(await card.locator('[data-status]').textContent()).toBe('INVALID');

    // Act: back to the entry, then look the invoice up from the explorer's form
    await card.getByRole('link', { name: 'Open its quarantine entry' }).click();
    await page.locator('#detail-facts').waitFor();
    expect(await page.locator('#detail-facts').textContent()).toContain(messageId);
    await page.getByRole('link', { name: 'Message explorer' }).click();
    await page.getByLabel('Look up by').selectOption('invoice');
    await page.getByLabel('Value').fill(`${entry.issuerTaxId}/${entry.invoiceNumber}`);
    await page.getByRole('button', { name: 'Trace' }).click();

    // Assess
    await card.waitFor();
    expect(await page.locator('#trace-summary').textContent()).toContain(`invoice ${entry.issuerTaxId}/${entry.invoiceNumber}`);
  }, 120_000);

  it('refuses a client key: the console stays at the login and says why', async () => {
    // Prepare
    const page = await browser.context.newPage();

    // Act
    await page.goto(`${LOCAL_API_URL}/admin`);
    await page.getByLabel('Admin key').fill(CLIENT_KEY);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.locator('#notice').waitFor();

    // Assess
    expect(await page.locator('#notice').textContent()).toContain('admin key');
    expect(await page.locator('#login-view').isVisible()).toBe(true);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  });

  it('registers a client on the Clients page, shows its key once, and revokes it', async () => {
    // Prepare
    const page = await browser.context.newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    const name = uniqueName('Console client');

    // Act: log in, open Clients, register one
    await page.goto(`${LOCAL_API_URL}/admin`);
    await page.getByLabel('Admin key').fill(ADMIN_KEY);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.locator('#count-total').waitFor();
    await page.getByRole('link', { name: 'Clients' }).click();
    await page.getByLabel('Name').fill(name);
    await page.getByLabel(/Issuer tax ids/).fill('B12345678, a-8765 4321');
    await page.getByRole('button', { name: 'Register' }).click();
    const apiKey = (await page.locator('#client-key-value').textContent({ timeout: 10_000 })) ?? '';
    const row = page.locator('#client-rows tr', { hasText: name });
    await row.waitFor();
    const clientId = (await row.getAttribute('data-client-id')) ?? '';

    // Assess: the key works for its issuers, and the list shows no key
    expect(apiKey).toMatch(/^ipk_/);
    expect(await row.textContent()).toContain('B12345678, A87654321');
    expect(await page.locator('#client-rows').textContent()).not.toContain(apiKey);
    const submitted = await callApi('POST', '/invoices', { key: apiKey, body: JSON.stringify({ invoiceNumber: uniqueName('CONSOLE'), issuer: { taxId: 'B12345678' } }) });
    expect(submitted.status).toBe(202);

    // Act: revoke it
    await row.getByRole('button', { name: `Revoke ${name}` }).click();
    await page.locator(`#client-rows tr[data-client-id="${clientId}"] .status`, { hasText: 'REVOKED' }).waitFor();

    // Assess
    const clients = await callApi<{ items: Array<{ clientId: string; status: string }> }>('GET', '/admin/clients', { key: ADMIN_KEY });
    expect(clients.body.items.find((client) => client.clientId === clientId)?.status).toBe('REVOKED');
  }, 60_000);
});
