/**
 * Register a client of the API.
 * Input: a name, the issuer tax ids it may submit for, and optionally a tier.
 * Output: the client and its API key, which is shown this once: only its SHA-256 is kept.
 * Steps: check the request (a clear 400 for each mistake), make an id and a key, put the
 * client under its tier's usage plan, and add it to the registry.
 */
import { z } from 'zod';
import { apiKeyHash, normaliseIssuers, type Client } from '../../domain/client';
import { normaliseTaxId } from '../../domain/invoice-identity';
import { BadRequestError } from '../../errors';
import type { ClientRegistry, RegisteredClient } from '../../ports/client-registry';
import type { UsagePlans } from '../../ports/usage-plans';

export interface RegisterClientDeps {
  registry: ClientRegistry;
  usagePlans: UsagePlans;
  now: () => Date;
  newClientId: () => string;
  newApiKey: () => string;
  tiers: readonly string[];
  defaultTier: string;
  maxIssuers: number;
}

/** A tax id as the invoice contract takes it: 3-32 letters and digits once spaces and '-' are gone. */
const taxIdSchema = z.string().refine((taxId) => /^[A-Z0-9]{3,32}$/.test(normaliseTaxId(taxId)), {
  message: 'must be a tax id of 3 to 32 letters and digits (spaces and "-" are ignored)',
});

export function registrationSchema(deps: Pick<RegisterClientDeps, 'tiers' | 'maxIssuers'>) {
  return z.object({
    name: z.string().trim().min(1, 'the name must not be empty').max(200, 'the name may have at most 200 characters'),
    issuers: z.array(taxIdSchema).min(1, 'name at least one issuer tax id the client may submit for').max(deps.maxIssuers),
    tier: z.enum(deps.tiers as [string, ...string[]]).optional(),
  });
}

export interface NewClient {
  client: Client;
  apiKey: string;
}

export async function registerClient(deps: RegisterClientDeps, request: unknown): Promise<NewClient> {
  const parsed = registrationSchema(deps).safeParse(request);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; ');
    throw new BadRequestError(`The client is not valid (${problems}). Send {"name": "...", "issuers": ["B12345678", ...]}.`);
  }
  const { name, issuers, tier = deps.defaultTier } = parsed.data;
  const apiKey = deps.newApiKey();
  const now = deps.now().toISOString();
  const clientId = deps.newClientId();
  const usageKey = await deps.usagePlans.enrol({ clientId, tier });
  const client: RegisteredClient = {
    clientId,
    name,
    issuers: normaliseIssuers(issuers),
    status: 'ACTIVE',
    tier,
    createdAt: now,
    keyHash: apiKeyHash(apiKey),
    keyCreatedAt: now,
    usageKey,
  };
  if (!(await deps.registry.add(client))) throw new Error(`client id ${clientId} is taken; the id generator repeated itself`);
  return { client: publicView(client), apiKey };
}

/** What the admin API shows of a client: never a key hash or usage key. */
export function publicView(client: RegisteredClient): Client & { keyCreatedAt: string; previousKeyValidUntil?: string } {
  const { keyHash: _keyHash, previousKeyHash: _previous, usageKey: _usageKey, ...shown } = client;
  return shown;
}
