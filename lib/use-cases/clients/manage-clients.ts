/**
 * List, revoke and rotate the keys of the API's clients (admin only).
 * Revoking takes effect at once in the registry; a key check that remembered the client
 * may let its key through for at most clients.keyCacheSeconds more. Rotating makes a new
 * key (shown once) and keeps the old one working for clients.keyRotationGraceSeconds, so
 * the client can switch without a failed request.
 */
import { apiKeyHash, type Client } from '../../domain/client';
import { ConflictError, NotFoundError } from '../../errors';
import type { ClientRegistry } from '../../ports/client-registry';
import { publicView } from './register-client';

export interface ManageClientsDeps {
  registry: ClientRegistry;
  now: () => Date;
  newApiKey: () => string;
  rotationGraceSeconds: number;
}

export async function listClients(deps: Pick<ManageClientsDeps, 'registry'>): Promise<Array<ReturnType<typeof publicView>>> {
  return (await deps.registry.list()).map(publicView);
}

export async function revokeClient(deps: Pick<ManageClientsDeps, 'registry' | 'now'>, clientId: string): Promise<ReturnType<typeof publicView>> {
  const revoked = await deps.registry.revoke(clientId, deps.now().toISOString());
  if (!revoked) throw new NotFoundError(`No client ${clientId} is registered; GET /admin/clients lists them.`);
  return publicView(revoked);
}

export interface RotatedKey {
  client: Client & { previousKeyValidUntil?: string };
  apiKey: string;
}

export async function rotateClientKey(deps: ManageClientsDeps, clientId: string): Promise<RotatedKey> {
  const current = await deps.registry.get(clientId);
  if (!current) throw new NotFoundError(`No client ${clientId} is registered; GET /admin/clients lists them.`);
  if (current.status === 'REVOKED') throw new ConflictError(`Client ${clientId} is revoked; register a new client instead of rotating its key.`);
  const apiKey = deps.newApiKey();
  const now = deps.now();
  const rotated = await deps.registry.replaceKey(clientId, {
    keyHash: apiKeyHash(apiKey),
    keyCreatedAt: now.toISOString(),
    previousKeyHash: current.keyHash,
    previousKeyValidUntil: new Date(now.getTime() + deps.rotationGraceSeconds * 1000).toISOString(),
  });
  if (!rotated) throw new NotFoundError(`No client ${clientId} is registered; GET /admin/clients lists them.`);
  return { client: publicView(rotated), apiKey };
}
