/** What the client administration routes work with, built once per container. */
import { randomBytes } from 'node:crypto';
import { awsAdapters } from '../../lib/adapters/aws-adapters';
import { newApiKey } from '../../lib/domain/client';
import { INFRASTRUCTURE } from '../../lib/infrastructure';
import type { ManageClientsDeps } from '../../lib/use-cases/clients/manage-clients';
import type { RegisterClientDeps } from '../../lib/use-cases/clients/register-client';

const { clients } = INFRASTRUCTURE;

export function clientAdminDeps(): RegisterClientDeps & ManageClientsDeps {
  return {
    registry: awsAdapters.clientRegistry(),
    usagePlans: awsAdapters.usagePlans(),
    now: () => new Date(),
    // Short enough to type in a CLI command, random enough never to repeat in one registry.
    newClientId: () => `cl-${randomBytes(6).toString('hex')}`,
    newApiKey,
    tiers: Object.keys(clients.tiers),
    defaultTier: clients.defaultTier,
    maxIssuers: clients.maxIssuersPerClient,
    rotationGraceSeconds: clients.keyRotationGraceSeconds,
  };
}
