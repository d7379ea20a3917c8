/**
 * The admin console's entry point (bundled by admin-console/build.ts into the page):
 * the login with the admin key, kept in sessionStorage only, and the routing between the
 * list (#), one invoice (#invoice/<messageId>), the message explorer (#trace/<by>/<value>)
 * and the clients of the API (#clients).
 */
import './zod-jitless';
import { AdminApiError, adminApi, apiBase } from './admin-api';
import type { ConsoleContext } from './console-context';
import { detailView } from './detail-view';
import { clientsView } from './clients-view';
import { byId } from './dom';
import { listView } from './list-view';
import { traceOfHash } from './trace-query';
import { traceView } from './trace-view';

/** sessionStorage, not localStorage: the key goes when the tab closes and never reaches another tab's disk state. */
const KEY_ITEM = 'invoice-admin-key';
const INVOICE_ROUTE = /^#invoice\/(.+)$/;

const loginView = byId('login-view', HTMLElement);
const loginForm = byId('login-form', HTMLFormElement);
const keyInput = byId('admin-key', HTMLInputElement);
const listSection = byId('list-view', HTMLElement);
const detailSection = byId('detail-view', HTMLElement);
const clientsSection = byId('clients-view', HTMLElement);
const traceSection = byId('trace-view', HTMLElement);
const nav = byId('nav', HTMLElement);
const logoutButton = byId('logout', HTMLButtonElement);
const notice = byId('notice', HTMLParagraphElement);

const context: ConsoleContext = {
  api: adminApi({ base: apiBase(location.pathname), key: () => sessionStorage.getItem(KEY_ITEM) ?? undefined }),
  report,
};
const list = listView(context);
const detail = detailView(context);
const clients = clientsView(context);
const trace = traceView(context);

function report(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof AdminApiError && (error.status === 401 || error.status === 403)) {
    logOut(`The admin key was refused: ${message}`);
    return;
  }
  showNotice(message);
}

function showNotice(message: string): void {
  notice.textContent = message;
  notice.hidden = message === '';
}

function logOut(message = ''): void {
  sessionStorage.removeItem(KEY_ITEM);
  showNotice(message);
  showLogin();
}

function showLogin(): void {
  showOnly(loginView);
  logoutButton.hidden = true;
  nav.hidden = true;
  keyInput.focus();
}

function showOnly(section: HTMLElement): void {
  for (const candidate of [loginView, listSection, detailSection, clientsSection, traceSection]) candidate.hidden = candidate !== section;
}

/** Shows what the address asks for; the key is checked by the first call it makes. */
async function route(): Promise<void> {
  if (!sessionStorage.getItem(KEY_ITEM)) {
    showLogin();
    return;
  }
  logoutButton.hidden = false;
  nav.hidden = false;
  const invoice = INVOICE_ROUTE.exec(location.hash);
  if (location.hash === '#clients') {
    showOnly(clientsSection);
    await clients.reload();
  } else if (location.hash === '#trace' || location.hash.startsWith('#trace/')) {
    showOnly(traceSection);
    await trace.open(traceOfHash(location.hash));
  } else if (invoice?.[1]) {
    showOnly(detailSection);
    await detail.open(decodeURIComponent(invoice[1]));
  } else {
    showOnly(listSection);
    await list.reload();
  }
}

loginForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const key = keyInput.value.trim();
  if (!key) return;
  sessionStorage.setItem(KEY_ITEM, key);
  keyInput.value = '';
  showNotice('');
  void route();
});
logoutButton.addEventListener('click', () => logOut('Logged out.'));
window.addEventListener('hashchange', () => {
  showNotice('');
  void route();
});
void route();
