/**
 * The composition roots of the client administration routes, each built once per container:
 * all of them read and write the client registry; only registration gives a client its
 * usage key, so only it builds the usage plans (API Gateway's, deployed).
 */
import { randomBytes } from 'node:crypto';
import { createDocumentClient } from '../../lib/adapters/dynamodb/document-client';
import { DynamoDbClientRegistry } from '../../lib/adapters/dynamodb/dynamodb-client-registry';
import { usagePlansFor } from '../../lib/adapters/usage-plans/usage-plans-for';
import { getConfig } from '../../lib/config';
import { newApiKey } from '../../lib/domain/client';
import { INFRASTRUCTURE } from '../../lib/infrastructure';
import type { ClientRegistry } from '../../lib/ports/client-registry';
import type { ManageClientsDeps } from '../../lib/use-cases/clients/manage-clients';
import type { RegisterClientDeps } from '../../lib/use-cases/clients/register-client';

const { clients, tables } = INFRASTRUCTURE;

export function clientRegistry(): ClientRegistry {
  return new DynamoDbClientRegistry(createDocumentClient(), tables.clients.TableName);
}

export function manageClientsDeps(): ManageClientsDeps {
  return { registry: clientRegistry(), now: () => new Date(), newApiKey, rotationGraceSeconds: clients.keyRotationGraceSeconds };
}

export function registerClientDeps(): RegisterClientDeps {
  return {
    registry: clientRegistry(),
    usagePlans: usagePlansFor(getConfig()),
    now: () => new Date(),
    // Short enough to type in a CLI command, random enough never to repeat in one registry.
    newClientId: () => `cl-${randomBytes(6).toString('hex')}`,
    newApiKey,
    tiers: Object.keys(clients.tiers),
    defaultTier: clients.defaultTier,
    maxIssuers: clients.maxIssuersPerClient,
  };
}
