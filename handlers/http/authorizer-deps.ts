/**
 * The authorizer's composition root, built once per container on first use: the client registry
 * behind a short cache, the admin keys (deployed: from a Secrets Manager secret, read once;
 * locally: ADMIN_API_KEYS), and the usage keys of the admin and anonymous usage plans.
 */
import { z } from 'zod';
import { cachedKeyLookup } from '../../lib/adapters/cached-key-lookup';
import { createDocumentClient } from '../../lib/adapters/dynamodb/document-client';
import { DynamoDbClientRegistry } from '../../lib/adapters/dynamodb/dynamodb-client-registry';
import { readSecretString } from '../../lib/adapters/secrets/read-secret';
import { apiKeyValue } from '../../lib/adapters/usage-plans/api-gateway-usage-plans';
import { getConfig } from '../../lib/config';
import { INFRASTRUCTURE } from '../../lib/infrastructure';
import { adminKeysOf, type IdentifyCallerDeps } from '../../lib/use-cases/clients/identify-caller';

export type AuthorizerDeps = IdentifyCallerDeps & { usageKeyOf(plan: string): string | undefined };

const adminSecretSchema = z.object({ adminApiKeys: z.string().min(1) });

let built: Promise<AuthorizerDeps> | undefined;

export function authorizerDeps(): Promise<AuthorizerDeps> {
  built ??= build().catch((error: unknown) => {
    built = undefined;
    throw error;
  });
  return built;
}

async function build(): Promise<AuthorizerDeps> {
  const config = getConfig();
  const registry = new DynamoDbClientRegistry(createDocumentClient(), INFRASTRUCTURE.tables.clients.TableName);
  const adminEntries = config.ADMIN_API_KEYS_SECRET_ARN
    ? adminSecretSchema.parse(JSON.parse(await readSecretString(config.ADMIN_API_KEYS_SECRET_ARN))).adminApiKeys.split(',').map((entry) => entry.trim()).filter(Boolean)
    : config.ADMIN_API_KEYS;
  const valueOf = (id: string | undefined) => (id ? apiKeyValue(id) : Promise.resolve(undefined));
  const [admin, anonymous] = await Promise.all([valueOf(config.ADMIN_USAGE_KEY_ID), valueOf(config.ANONYMOUS_USAGE_KEY_ID)]);
  const usageKeys: Record<string, string | undefined> = { admin, anonymous };
  return {
    registry: cachedKeyLookup(registry, { ttlMs: INFRASTRUCTURE.clients.keyCacheSeconds * 1000, staleForMs: INFRASTRUCTURE.clients.keyStaleIfErrorSeconds * 1000 }),
    adminKeys: adminKeysOf(adminEntries),
    now: () => new Date(),
    usageKeyOf: (plan: string) => usageKeys[plan],
  };
}
