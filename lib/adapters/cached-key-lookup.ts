/**
 * Remembers the clients found by key hash for a while, so a warm key check answers most
 * requests without a registry read. The time it remembers (clients.keyCacheSeconds) is the
 * longest a revoked or rotated-out key can still get through. While the registry cannot be
 * read, a key seen within the last `staleForMs` keeps working (the API keeps taking invoices
 * through a store outage); unknown keys are never remembered, so a client registered a
 * moment ago is found at once.
 */
import type { ClientRegistry, RegisteredClient } from '../ports/client-registry';

type KeyLookup = Pick<ClientRegistry, 'findByKeyHash'>;

export interface KeyCacheTimes {
  ttlMs: number;
  staleForMs: number;
}

/** @example const lookup = cachedKeyLookup(registry, { ttlMs: 60_000, staleForMs: 3_600_000 }); await lookup.findByKeyHash(hash); */
export function cachedKeyLookup(lookup: KeyLookup, times: KeyCacheTimes, now: () => number = Date.now): KeyLookup {
  const remembered = new Map<string, { client: RegisteredClient; foundAt: number }>();
  return {
    async findByKeyHash(keyHash) {
      const hit = remembered.get(keyHash);
      if (hit && now() - hit.foundAt < times.ttlMs) return hit.client;
      let client: RegisteredClient | undefined;
      try {
        client = await lookup.findByKeyHash(keyHash);
      } catch (error) {
        if (hit && now() - hit.foundAt < times.staleForMs) return hit.client;
        throw error;
      }
      if (client) remembered.set(keyHash, { client, foundAt: now() });
      else remembered.delete(keyHash);
      return client;
    },
  };
}
