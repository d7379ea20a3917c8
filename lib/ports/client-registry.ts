import type { Client } from '../domain/client';

/** A client as the registry keeps it: never its key, only the key's SHA-256 (and the previous one's, while it lasts). */
export interface RegisteredClient extends Client {
  keyHash: string;
  keyCreatedAt: string;
  /** The key before the last rotation, accepted until previousKeyValidUntil. */
  previousKeyHash?: string;
  previousKeyValidUntil?: string;
  /** What the API's usage plans know the client by (deployed: its API Gateway API key); never a credential. */
  usageKey?: string;
}

export interface NewKey {
  keyHash: string;
  keyCreatedAt: string;
  previousKeyHash: string;
  previousKeyValidUntil: string;
}

/** The clients of the API and their keys (DynamoDB table Clients in production). */
export interface ClientRegistry {
  /** Adds a client; false when one with this id exists already (nothing is changed then). */
  add(client: RegisteredClient): Promise<boolean>;
  get(clientId: string): Promise<RegisteredClient | undefined>;
  /** Every client, revoked ones included, by clientId. */
  list(): Promise<RegisteredClient[]>;
  /** The client whose current key, or previous key, has this hash. */
  findByKeyHash(keyHash: string): Promise<RegisteredClient | undefined>;
  /** Marks the client revoked (idempotent); undefined when it does not exist. */
  revoke(clientId: string, revokedAt: string): Promise<RegisteredClient | undefined>;
  /** Puts a new key in place, keeping the old one for its grace period; undefined when the client does not exist. */
  replaceKey(clientId: string, key: NewKey): Promise<RegisteredClient | undefined>;
}
