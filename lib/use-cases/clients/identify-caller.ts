/**
 * Identify who sent a request from the key it carries.
 * Input: the key as presented (x-api-key, or Authorization: Bearer), if any.
 * Output: the caller (an admin by name, or a registered client with its issuers) and what
 * its requests are rate-limited by; or why the key was refused.
 * Steps: compare with the admin keys (by hash, in constant time); otherwise look the key's
 * SHA-256 up in the registry: its current key, or the previous one within its grace period.
 * A registry that cannot be read makes the key unchecked (retry), never refused.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Caller } from '../../domain/caller';
import { apiKeyHash } from '../../domain/client';
import { PipelineError } from '../../errors';
import type { ClientRegistry } from '../../ports/client-registry';

export interface NamedAdminKey {
  name: string;
  keyHash: string;
}

export interface IdentifyCallerDeps {
  registry: Pick<ClientRegistry, 'findByKeyHash'>;
  adminKeys: readonly NamedAdminKey[];
  now: () => Date;
}

/** `unavailable`: the registry could not be read, so the key could not be checked (retry later). */
export type RefusedKey = 'missing' | 'unknown' | 'revoked' | 'unavailable';

export type Identification =
  | { identified: true; caller: Caller; usage: { plan: string; key?: string } }
  | { identified: false; refused: RefusedKey };

export async function identifyCaller(deps: IdentifyCallerDeps, presentedKey: string | undefined): Promise<Identification> {
  if (!presentedKey) return { identified: false, refused: 'missing' };
  const keyHash = apiKeyHash(presentedKey);
  const admin = deps.adminKeys.find((candidate) => sameHash(candidate.keyHash, keyHash));
  if (admin) return { identified: true, caller: { role: 'admin', name: admin.name }, usage: { plan: 'admin' } };
  let client: Awaited<ReturnType<IdentifyCallerDeps['registry']['findByKeyHash']>>;
  try {
    client = await deps.registry.findByKeyHash(keyHash);
  } catch (error) {
    // An outage must not read as a bad key: the caller is told to retry instead.
    if (error instanceof PipelineError && error.retriable) return { identified: false, refused: 'unavailable' };
    throw error;
  }
  if (!client) return { identified: false, refused: 'unknown' };
  const current = client.keyHash === keyHash;
  const withinGrace = client.previousKeyHash === keyHash && !!client.previousKeyValidUntil && Date.parse(client.previousKeyValidUntil) > deps.now().getTime();
  if (!current && !withinGrace) return { identified: false, refused: 'unknown' };
  if (client.status !== 'ACTIVE') return { identified: false, refused: 'revoked' };
  return {
    identified: true,
    caller: { role: 'client', clientId: client.clientId, name: client.name, issuers: client.issuers },
    usage: { plan: client.tier, ...(client.usageKey ? { key: client.usageKey } : {}) },
  };
}

/**
 * Admin keys as configured, `name=key` or a bare key (named by a short fingerprint), kept as hashes.
 *
 * @example
 * adminKeysOf(['alice=k1', 'k2']) // [{ name: 'alice', keyHash: sha256('k1') }, { name: 'admin-…', keyHash: sha256('k2') }]
 */
export function adminKeysOf(entries: readonly string[]): NamedAdminKey[] {
  return entries.map((entry) => {
    const separator = entry.indexOf('=');
    if (separator > 0) return { name: entry.slice(0, separator), keyHash: apiKeyHash(entry.slice(separator + 1)) };
    const keyHash = apiKeyHash(entry);
    return { name: `admin-${keyHash.slice(0, 8)}`, keyHash };
  });
}

function sameHash(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
