/**
 * Headless Chromium for the browser tests: Debian's `chromium` package driven by
 * playwright-core, which downloads no browser. Each launch gets a fresh profile
 * directory, removed on close, so no test sees another's storage or cache.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Where Debian's chromium package puts the browser (.ci/run installs it when missing). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Quiet and offline-friendly: no GPU, no QUIC, no background traffic to Google, no sandbox (CI runs as root). */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface HeadlessBrowser {
  context: BrowserContext;
  /** Closes the browser and deletes its profile directory. */
  close(): Promise<void>;
}

/**
 * Starts headless Chromium with a fresh user-data-dir.
 *
 * @example
 * const browser = await launchBrowser();
 * try {
 *   const page = await browser.context.newPage();
 *   await page.goto('http://localhost:3000/admin');
 * } finally {
 *   await browser.close();
 * }
 */
export async function launchBrowser(options: { viewport?: { width: number; height: number } } = {}): Promise<HeadlessBrowser> {
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'chromium-test-'));
  try {
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: options.viewport ?? { width: 1280, height: 900 },
    });
    return {
      context,
      close: async () => {
        await context.close();
        rmSync(userDataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(userDataDir, { recursive: true, force: true });
    throw error;
  }
}
