/**
 * The Clients page: the clients of the API, registering one (its key shown this once),
 * revoking one, and rotating its key (the new key shown once, the old one working for its
 * grace period).
 */
import { INFRASTRUCTURE } from '../../lib/infrastructure';
import type { ApiClient, ApiClientWithKey } from './admin-api-schemas';
import type { ConsoleContext } from './console-context';
import { byId, el, timeElement } from './dom';

export interface ClientsView {
  /** Loads the list of clients. */
  reload(): Promise<void>;
}

/**
 * Wires the clients section of the page.
 *
 * @example
 * const clients = clientsView(context);
 * await clients.reload();
 */
export function clientsView(context: ConsoleContext): ClientsView {
  const form = byId('client-form', HTMLFormElement);
  const name = byId('client-name', HTMLInputElement);
  const issuers = byId('client-issuers', HTMLInputElement);
  const tier = byId('client-tier', HTMLSelectElement);
  const keyBox = byId('client-key', HTMLDivElement);
  const rows = byId('client-rows', HTMLTableSectionElement);

  for (const value of Object.keys(INFRASTRUCTURE.clients.tiers)) tier.append(el('option', { value }, value));
  tier.value = INFRASTRUCTURE.clients.defaultTier;

  async function reload(): Promise<void> {
    rows.setAttribute('aria-busy', 'true');
    try {
      rows.replaceChildren(...(await context.api.clients()).map(row));
    } catch (error) {
      context.report(error);
    } finally {
      rows.removeAttribute('aria-busy');
    }
  }

  function showKey(client: ApiClientWithKey, what: string): void {
    const grace = client.previousKeyValidUntil ? el('p', {}, 'The previous key keeps working until ', timeElement(client.previousKeyValidUntil), '.') : undefined;
    keyBox.replaceChildren(
      el('p', {}, `${what} ${client.name} (${client.clientId}). Its API key, shown this once: copy it now.`),
      el('p', {}, el('code', { id: 'client-key-value' }, client.apiKey)),
      grace ?? '',
    );
    keyBox.hidden = false;
  }

  function row(client: ApiClient): HTMLTableRowElement {
    const revoked = client.status !== 'ACTIVE';
    const actions = revoked
      ? el('span', { class: 'muted' }, 'revoked ', timeElement(client.revokedAt))
      : el(
          'span',
          { class: 'buttons' },
          el('button', { type: 'button', class: 'secondary', 'data-action': 'rotate', 'data-client-id': client.clientId, 'aria-label': `New key for ${client.name}` }, 'New key'),
          el('button', { type: 'button', class: 'danger', 'data-action': 'revoke', 'data-client-id': client.clientId, 'aria-label': `Revoke ${client.name}` }, 'Revoke'),
        );
    return el(
      'tr',
      { 'data-client-id': client.clientId },
      el('td', {}, el('code', {}, client.clientId)),
      el('td', {}, client.name),
      el('td', {}, client.issuers.join(', ')),
      el('td', {}, client.tier),
      el('td', {}, el('span', { class: `status status-${revoked ? 'discarded' : 'resent'}` }, client.status)),
      el('td', {}, timeElement(client.createdAt)),
      el('td', {}, actions),
    );
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    // Commas or new lines separate tax ids; a space may be part of one (it is ignored, as '-' is).
    const request = { name: name.value.trim(), issuers: issuers.value.split(/[,\n]+/).map((issuer) => issuer.trim()).filter(Boolean), tier: tier.value };
    void (async () => {
      try {
        showKey(await context.api.registerClient(request), 'Registered');
        form.reset();
        tier.value = INFRASTRUCTURE.clients.defaultTier;
        await reload();
      } catch (error) {
        context.report(error);
      }
    })();
  });
  rows.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest('button[data-action]') : null;
    const clientId = button?.getAttribute('data-client-id');
    if (!button || !clientId) return;
    const action = button.getAttribute('data-action');
    if (action === 'revoke' && !window.confirm(`Revoke ${clientId}? Its keys stop working within a minute.`)) return;
    void (async () => {
      try {
        if (action === 'rotate') showKey(await context.api.rotateClientKey(clientId), 'New key for');
        else await context.api.revokeClient(clientId);
        await reload();
      } catch (error) {
        context.report(error);
      }
    })();
  });
  return { reload };
}
