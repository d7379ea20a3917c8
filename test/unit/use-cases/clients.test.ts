/**
 * The client registry's use cases: registering (the key shown once, only its hash kept),
 * identifying a caller from its key, revoking, and rotating with a grace period.
 */
import { apiKeyHash } from '../../../lib/domain/client';
import { BadRequestError, ConflictError, NotFoundError } from '../../../lib/errors';
import { adminKeysOf, identifyCaller } from '../../../lib/use-cases/clients/identify-caller';
import { listClients, revokeClient, rotateClientKey } from '../../../lib/use-cases/clients/manage-clients';
import { registerClient } from '../../../lib/use-cases/clients/register-client';
import { InMemoryClientRegistry } from '../../helpers/in-memory-ports';

function setup(start = '2026-12-01T10:00:00.000Z') {
  const registry = new InMemoryClientRegistry();
  let now = new Date(start);
  let keys = 0;
  let ids = 0;
  const deps = {
    registry,
    usagePlans: { enrol: async ({ clientId }: { clientId: string }) => `client:${clientId}` },
    now: () => now,
    newClientId: () => `cl-${(ids += 1)}`,
    newApiKey: () => `key-${(keys += 1)}`,
    tiers: ['standard', 'bulk'],
    defaultTier: 'standard',
    maxIssuers: 3,
    rotationGraceSeconds: 3600,
  };
  const identify = (key: string | undefined) => identifyCaller({ registry, adminKeys: adminKeysOf(['alice=admin-key']), now: () => now }, key);
  return { deps, registry, identify, advance: (seconds: number) => (now = new Date(now.getTime() + seconds * 1000)) };
}

describe('registerClient', () => {
  it('answers the key once and keeps only its SHA-256, with the issuers normalised', async () => {
    // Prepare
    const { deps, registry } = setup();

    // Act
    const { client, apiKey } = await registerClient(deps, { name: ' Acme S.L. ', issuers: ['b-1234 5678', 'B12345678', 'A87654321'] });

    // Assess
    expect(apiKey).toBe('key-1');
    expect(client).toEqual({ clientId: 'cl-1', name: 'Acme S.L.', issuers: ['B12345678', 'A87654321'], status: 'ACTIVE', tier: 'standard', createdAt: '2026-12-01T10:00:00.000Z', keyCreatedAt: '2026-12-01T10:00:00.000Z' });
    const kept = registry.clients.get('cl-1');
    expect(kept?.keyHash).toBe(apiKeyHash('key-1'));
    expect(JSON.stringify(kept)).not.toContain('"key-1"');
    expect(kept?.usageKey).toBe('client:cl-1');
  });

  it.each([
    [{ issuers: ['B12345678'] }, 'name'],
    [{ name: 'x', issuers: [] }, 'at least one issuer'],
    [{ name: 'x', issuers: ['B1'] }, '3 to 32 letters and digits'],
    [{ name: 'x', issuers: ['B12345678', 'B12345679', 'B12345670', 'B12345671'] }, 'issuers'],
    [{ name: 'x', issuers: ['B12345678'], tier: 'gold' }, 'tier'],
    [{ name: 'x', issuers: ['*'] }, '3 to 32 letters and digits'],
  ])('refuses %j with a 400 that names the problem (%s)', async (request, problem) => {
    const { deps } = setup();

    await expect(registerClient(deps, request)).rejects.toThrow(BadRequestError);
    await expect(registerClient(deps, request)).rejects.toThrow(problem);
  });
});

describe('identifyCaller', () => {
  it('names a registered client, with its issuers and usage plan, from its key', async () => {
    const { deps, identify } = setup();
    const { apiKey } = await registerClient(deps, { name: 'Acme', issuers: ['B12345678'], tier: 'bulk' });

    await expect(identify(apiKey)).resolves.toEqual({
      identified: true,
      caller: { role: 'client', clientId: 'cl-1', name: 'Acme', issuers: ['B12345678'] },
      usage: { plan: 'bulk', key: 'client:cl-1' },
    });
  });

  it('names an admin from an admin key', async () => {
    const { identify } = setup();

    await expect(identify('admin-key')).resolves.toEqual({ identified: true, caller: { role: 'admin', name: 'alice' }, usage: { plan: 'admin' } });
  });

  it.each([
    [undefined, 'missing'],
    ['', 'missing'],
    ['not-a-key', 'unknown'],
  ])('refuses the key %p as %s', async (key, refused) => {
    const { identify } = setup();

    await expect(identify(key)).resolves.toEqual({ identified: false, refused });
  });
});

describe('revokeClient', () => {
  it('refuses the client\'s key from then on, and says it was revoked', async () => {
    // Prepare
    const { deps, identify } = setup();
    const { apiKey } = await registerClient(deps, { name: 'Acme', issuers: ['B12345678'] });

    // Act
    const revoked = await revokeClient(deps, 'cl-1');

    // Assess
    expect(revoked).toMatchObject({ status: 'REVOKED', revokedAt: '2026-12-01T10:00:00.000Z' });
    await expect(identify(apiKey)).resolves.toEqual({ identified: false, refused: 'revoked' });
    await expect(listClients(deps)).resolves.toEqual([expect.objectContaining({ clientId: 'cl-1', status: 'REVOKED' })]);
  });

  it('answers 404 for a client that is not registered', async () => {
    const { deps } = setup();

    await expect(revokeClient(deps, 'cl-nope')).rejects.toThrow(NotFoundError);
  });
});

describe('rotateClientKey', () => {
  it('makes a new key and keeps the old one working for the grace period only', async () => {
    // Prepare
    const { deps, identify, advance } = setup();
    const { apiKey: oldKey } = await registerClient(deps, { name: 'Acme', issuers: ['B12345678'] });

    // Act
    const { apiKey: newKey, client } = await rotateClientKey(deps, 'cl-1');

    // Assess
    expect(newKey).not.toBe(oldKey);
    expect(client.previousKeyValidUntil).toBe('2026-12-01T11:00:00.000Z');
    await expect(identify(newKey)).resolves.toMatchObject({ identified: true });
    await expect(identify(oldKey)).resolves.toMatchObject({ identified: true });
    advance(3601);
    await expect(identify(oldKey)).resolves.toEqual({ identified: false, refused: 'unknown' });
    await expect(identify(newKey)).resolves.toMatchObject({ identified: true });
  });

  it('refuses to rotate the key of a revoked client', async () => {
    const { deps } = setup();
    await registerClient(deps, { name: 'Acme', issuers: ['B12345678'] });
    await revokeClient(deps, 'cl-1');

    await expect(rotateClientKey(deps, 'cl-1')).rejects.toThrow(ConflictError);
  });
});

describe('identifyCaller when the registry is down', () => {
  it('leaves the key unchecked, to be retried, rather than refusing it', async () => {
    const { registry, identify } = setup();
    registry.failing = true;

    await expect(identify('some-key')).resolves.toEqual({ identified: false, refused: 'unavailable' });
  });
});
