/**
 * ClientRegistry on the DynamoDB table Clients (key clientId). A key is found by its hash
 * through the byKeyHash index, or byPreviousKeyHash during a rotation's grace period. Items
 * are parsed with zod where they enter, so a damaged item is refused rather than trusted.
 */
import { GetCommand, PutCommand, QueryCommand, ScanCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { CLIENT_STATUSES } from '../../domain/client';
import type { ClientRegistry, NewKey, RegisteredClient } from '../../ports/client-registry';
import { isConditionFailure, storeFailure } from './store-errors';

const registeredClientSchema = z.object({
  clientId: z.string().min(1),
  name: z.string(),
  issuers: z.array(z.string()),
  status: z.enum(CLIENT_STATUSES),
  tier: z.string(),
  createdAt: z.string(),
  revokedAt: z.string().optional(),
  keyHash: z.string(),
  keyCreatedAt: z.string(),
  previousKeyHash: z.string().optional(),
  previousKeyValidUntil: z.string().optional(),
  usageKey: z.string().optional(),
});

export const KEY_HASH_INDEX = 'byKeyHash';
export const PREVIOUS_KEY_HASH_INDEX = 'byPreviousKeyHash';

export class DynamoDbClientRegistry implements ClientRegistry {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async add(client: RegisteredClient): Promise<boolean> {
    try {
      await this.client.send(new PutCommand({ TableName: this.tableName, Item: client, ConditionExpression: 'attribute_not_exists(clientId)' }));
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw storeFailure(`could not register client ${client.clientId}`, error);
    }
  }

  async get(clientId: string): Promise<RegisteredClient | undefined> {
    try {
      const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { clientId }, ConsistentRead: true }));
      return Item ? registeredClientSchema.parse(Item) : undefined;
    } catch (error) {
      throw storeFailure(`could not read client ${clientId}`, error);
    }
  }

  async list(): Promise<RegisteredClient[]> {
    const clients: RegisteredClient[] = [];
    let startKey: Record<string, unknown> | undefined;
    try {
      do {
        const page = await this.client.send(new ScanCommand({ TableName: this.tableName, ConsistentRead: true, ExclusiveStartKey: startKey }));
        clients.push(...(page.Items ?? []).map((item) => registeredClientSchema.parse(item)));
        startKey = page.LastEvaluatedKey;
      } while (startKey);
    } catch (error) {
      throw storeFailure('could not list the clients', error);
    }
    return clients.sort((a, b) => a.clientId.localeCompare(b.clientId));
  }

  async findByKeyHash(keyHash: string): Promise<RegisteredClient | undefined> {
    return (await this.queryIndex(KEY_HASH_INDEX, 'keyHash', keyHash)) ?? (await this.queryIndex(PREVIOUS_KEY_HASH_INDEX, 'previousKeyHash', keyHash));
  }

  async revoke(clientId: string, revokedAt: string): Promise<RegisteredClient | undefined> {
    const current = await this.get(clientId);
    if (!current || current.status === 'REVOKED') return current;
    return this.update(clientId, 'SET #status = :revoked, revokedAt = :at', { ':revoked': 'REVOKED', ':at': revokedAt }, { '#status': 'status' });
  }

  async replaceKey(clientId: string, key: NewKey): Promise<RegisteredClient | undefined> {
    return this.update(
      clientId,
      'SET keyHash = :keyHash, keyCreatedAt = :keyCreatedAt, previousKeyHash = :previousKeyHash, previousKeyValidUntil = :previousKeyValidUntil',
      { ':keyHash': key.keyHash, ':keyCreatedAt': key.keyCreatedAt, ':previousKeyHash': key.previousKeyHash, ':previousKeyValidUntil': key.previousKeyValidUntil },
    );
  }

  private async update(clientId: string, expression: string, values: Record<string, unknown>, names?: Record<string, string>): Promise<RegisteredClient | undefined> {
    try {
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { clientId },
          UpdateExpression: expression,
          ConditionExpression: 'attribute_exists(clientId)',
          ExpressionAttributeValues: values,
          ...(names ? { ExpressionAttributeNames: names } : {}),
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Attributes ? registeredClientSchema.parse(Attributes) : undefined;
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw storeFailure(`could not update client ${clientId}`, error);
    }
  }

  private async queryIndex(indexName: string, attribute: string, keyHash: string): Promise<RegisteredClient | undefined> {
    try {
      const { Items = [] } = await this.client.send(
        new QueryCommand({ TableName: this.tableName, IndexName: indexName, KeyConditionExpression: '#hash = :hash', ExpressionAttributeNames: { '#hash': attribute }, ExpressionAttributeValues: { ':hash': keyHash }, Limit: 1 }),
      );
      return Items[0] ? registeredClientSchema.parse(Items[0]) : undefined;
    } catch (error) {
      throw storeFailure('could not look the key up', error);
    }
  }
}
