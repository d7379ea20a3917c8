/**
 * A client of the API: one of the accounting firm's customers, with the issuers (tax ids)
 * it may submit invoices for. Its key is never kept, only the key's SHA-256.
 */
import { createHash, randomBytes } from 'node:crypto';
import { normaliseTaxId } from './invoice-identity';

/** The issuer scope of a client that may submit for any issuer (the local demo client). */
export const ANY_ISSUER = '*';

export const CLIENT_STATUSES = ['ACTIVE', 'REVOKED'] as const;
export type ClientStatus = (typeof CLIENT_STATUSES)[number];

export interface Client {
  clientId: string;
  name: string;
  /** Normalised tax ids, or [ANY_ISSUER]. */
  issuers: string[];
  status: ClientStatus;
  /** Names the usage plan (rate and burst) the client's requests are held to. */
  tier: string;
  createdAt: string;
  revokedAt?: string;
}

/** True when the client may submit invoices of this issuer (given as written; normalised here). */
export function coversIssuer(issuers: readonly string[], taxId: string): boolean {
  return issuers.includes(ANY_ISSUER) || issuers.includes(normaliseTaxId(taxId));
}

/** The issuer list as the registry keeps it: normalised, without repeats, in the given order. */
export function normaliseIssuers(issuers: readonly string[]): string[] {
  return [...new Set(issuers.map((issuer) => (issuer.trim() === ANY_ISSUER ? ANY_ISSUER : normaliseTaxId(issuer))))];
}

/** A new API key: 32 random bytes, URL-safe, with a prefix that tells what it is when found in a file. */
export function newApiKey(): string {
  return `ipk_${randomBytes(32).toString('base64url')}`;
}

/** The SHA-256 of a key, hex: what the registry keeps and looks keys up by. */
export function apiKeyHash(apiKey: string): string {
  return createHash('sha256').update(apiKey, 'utf8').digest('hex');
}
