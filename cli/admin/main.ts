/**
 * `npm run admin -- <command>`: review, correct, resend and discard invalid invoices from a
 * terminal, against the local stack or a deployed API.
 *
 *   list     [--status S] [--category C] [--code X] [--from D] [--to D] [--limit N]
 *   show     <messageId>
 *   resend   <messageId> [--file corrected.json | --edit]   (no option: resend as it was)
 *   discard  <messageId> --note "why"
 *   trace    <messageId | correlationId | issuer/number>   every message of it, with its timeline
 *   resend-all  [filters] [--dry-run]            every match, as it was (each is validated first)
 *   discard-all [filters] --note "why" [--dry-run]
 *   clients add --name NAME --issuer TAXID [--issuer TAXID ...] [--tier T]   the key is printed once
 *   clients list | clients revoke <clientId> | clients rotate <clientId>
 * (filters: --status --category --code --client --from --to)
 *
 * Global: --url (ADMIN_API_URL, default the local stack, http://localhost:3000), --key (ADMIN_API_KEY, default
 * local-admin-key for a localhost URL only), --json (machine-readable output). Exit code 1 when
 * anything failed, 2 for a usage error.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { LOCAL_API_URL } from '../../localstack/local-env';
import { AdminApiError, cliAdminApi, filtersOf, type CliAdminApi, type ListFilter } from './admin-api-client';
import { editableText, editedBody } from './edit-payload';
import { traceQueryOf } from '../../admin-console/src/trace-query';
import type { MessageTrace } from '../../admin-console/src/admin-api-schemas';
import { formatClients, formatEntry, formatList, formatNewKey, formatReasons, formatTrace } from './format';
import { progressBar } from './progress-bar';

class UsageError extends Error {}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    url: { type: 'string', default: process.env.ADMIN_API_URL ?? LOCAL_API_URL },
    key: { type: 'string', default: process.env.ADMIN_API_KEY },
    json: { type: 'boolean', default: false },
    status: { type: 'string' },
    category: { type: 'string' },
    code: { type: 'string' },
    client: { type: 'string' },
    from: { type: 'string' },
    name: { type: 'string' },
    issuer: { type: 'string', multiple: true },
    tier: { type: 'string' },
    to: { type: 'string' },
    limit: { type: 'string' },
    file: { type: 'string' },
    edit: { type: 'boolean', default: false },
    note: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
  },
});

const [command, messageId] = positionals;
const output = (human: string, machine: unknown) => console.log(values.json ? JSON.stringify(machine, null, 2) : human);

function client(): CliAdminApi {
  const isLocal = /^https?:\/\/(localhost|127\.0\.0\.1)(:|\/|$)/.test(values.url);
  const key = values.key ?? (isLocal ? 'local-admin-key' : undefined);
  if (!key) throw new UsageError('Give the admin key with --key or ADMIN_API_KEY.');
  return cliAdminApi(values.url, key);
}

function filter(): ListFilter {
  const entries = (['status', 'category', 'code', 'from', 'to'] as const).flatMap((name) => (values[name] ? [[name, values[name]]] : []));
  return { ...(Object.fromEntries(entries) as ListFilter), ...(values.client ? { clientId: values.client } : {}) };
}

async function clients(api: CliAdminApi, action: string | undefined, clientId: string | undefined): Promise<boolean> {
  const needId = () => {
    if (!clientId) throw new UsageError(`clients ${action} needs a client id: npm run admin -- clients ${action} <clientId>`);
    return clientId;
  };
  switch (action) {
    case 'add': {
      if (!values.name || !values.issuer?.length) throw new UsageError('clients add needs --name NAME and at least one --issuer TAXID.');
      const added = await api.registerClient({ name: values.name, issuers: values.issuer, ...(values.tier ? { tier: values.tier } : {}) });
      output(formatNewKey(added, 'registered'), { clientId: added.clientId, apiKey: added.apiKey });
      return true;
    }
    case 'list': {
      const items = await api.clients();
      output(formatClients(items), items);
      return true;
    }
    case 'revoke': {
      const revoked = await api.revokeClient(needId());
      output(`revoked ${revoked.clientId} (${revoked.name}); its keys stop working within a minute`, revoked);
      return true;
    }
    case 'rotate': {
      const rotated = await api.rotateClientKey(needId());
      output(formatNewKey(rotated, 'new key for'), { clientId: rotated.clientId, apiKey: rotated.apiKey, previousKeyValidUntil: rotated.previousKeyValidUntil });
      return true;
    }
    default:
      throw new UsageError(`Unknown clients command ${action ?? '(none)'}. Commands: clients add, clients list, clients revoke, clients rotate.`);
  }
}

function requireId(): string {
  if (!messageId) throw new UsageError(`${command} needs a message id: npm run admin -- ${command} <messageId>`);
  return messageId;
}

/** The corrected invoice: from --file, or the original opened in $EDITOR (edit-payload.ts). */
async function correctedBody(api: CliAdminApi, id: string): Promise<string | undefined> {
  if (values.file) return readFileSync(values.file, 'utf8');
  if (!values.edit) return undefined;
  const entry = await api.get(id);
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'invoice-')), `${id}.json`);
  writeFileSync(file, editableText(entry));
  const editor = process.env.VISUAL ?? process.env.EDITOR ?? 'vi';
  const edited = spawnSync(editor, [file], { stdio: 'inherit', shell: true });
  if (edited.status !== 0) throw new UsageError(`${editor} exited with ${edited.status}; nothing was sent.`);
  const body = editedBody(readFileSync(file, 'utf8'));
  if (body === undefined) throw new UsageError('The file was left empty; nothing was sent.');
  return body;
}

/** An issuer/number is an invoice; an id is tried as a message id, then as a correlation id. */
async function traceAny(api: CliAdminApi, text: string): Promise<MessageTrace> {
  const query = traceQueryOf(text);
  if (!query) throw new UsageError('trace needs what to look up: npm run admin -- trace <messageId | correlationId | issuer/number>');
  if (query.by !== 'messageId') return api.trace(query);
  try {
    return await api.trace(query);
  } catch (error) {
    if (!(error instanceof AdminApiError) || error.status !== 404) throw error;
    return api.trace({ by: 'correlationId', value: query.value });
  }
}

async function bulk(api: CliAdminApi, action: 'resend' | 'discard'): Promise<boolean> {
  if (action === 'discard' && !values.note) throw new UsageError('discard-all needs --note "why".');
  const matches = (await api.listAll({ ...filter(), status: 'PENDING' })).map((item) => item.messageId);
  if (values['dry-run']) {
    output(`would ${action} ${matches.length} invoice(s):\n${matches.join('\n')}`, { dryRun: true, action, messageIds: matches });
    return true;
  }
  const bar = progressBar(matches.length, action);
  const results: Array<{ messageId: string; ok: boolean; detail: string }> = [];
  for (const id of matches) {
    try {
      const detail =
        action === 'resend' ? `resent as ${(await api.resend(id)).newMessageId}` : `discarded (${(await api.discard(id, values.note as string)).status})`;
      results.push({ messageId: id, ok: true, detail });
    } catch (error) {
      results.push({ messageId: id, ok: false, detail: (error as Error).message });
    }
    bar.tick();
  }
  bar.done();
  const failed = results.filter((result) => !result.ok);
  output(
    [...failed.map((result) => `failed ${result.messageId}: ${result.detail}`), `${action}: ${results.length - failed.length} done, ${failed.length} failed`].join('\n'),
    { action, done: results.length - failed.length, failed: failed.length, results },
  );
  return failed.length === 0;
}

async function run(): Promise<boolean> {
  const api = client();
  switch (command) {
    case 'list': {
      const page = await api.list(filtersOf(filter()), undefined, values.limit ? Number(values.limit) : undefined);
      output(formatList(page.items) + (page.nextCursor ? '\n(more: narrow the filters or raise --limit)' : ''), page);
      return true;
    }
    case 'show': {
      const entry = await api.get(requireId());
      output(formatEntry(entry), entry);
      return true;
    }
    case 'resend': {
      const id = requireId();
      const receipt = await api.resend(id, await correctedBody(api, id));
      output(`resent ${id} as ${receipt.newMessageId}; follow it with GET /messages/${receipt.newMessageId}`, receipt);
      return true;
    }
    case 'discard': {
      if (!values.note) throw new UsageError('discard needs --note "why".');
      const entry = await api.discard(requireId(), values.note);
      output(`discarded ${entry.messageId}`, entry);
      return true;
    }
    case 'trace': {
      if (!messageId) throw new UsageError('trace needs what to look up: npm run admin -- trace <messageId | correlationId | issuer/number>');
      const trace = await traceAny(api, messageId);
      output(formatTrace(trace), trace);
      return true;
    }
    case 'resend-all':
      return bulk(api, 'resend');
    case 'discard-all':
      return bulk(api, 'discard');
    case 'clients':
      return clients(api, positionals[1], positionals[2]);
    default:
      throw new UsageError(`Unknown command ${command ?? '(none)'}. Commands: list, show, resend, discard, trace, resend-all, discard-all, clients.`);
  }
}

run().then(
  (ok) => process.exit(ok ? 0 : 1),
  (error: unknown) => {
    if (error instanceof AdminApiError) {
      const status = error.status ? `${error.status}: ` : '';
      console.error(values.json ? JSON.stringify({ error: error.message, status: error.status, reasons: error.reasons }) : `${status}${error.message}${error.reasons.length ? `\n${formatReasons(error.reasons)}` : ''}`);
      process.exit(1);
    }
    console.error((error as Error).message);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
