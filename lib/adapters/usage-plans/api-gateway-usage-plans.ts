/**
 * UsagePlans on API Gateway (deployed): each client gets an API key of its own in the usage
 * plan of its tier (`<prefix>-<tier>`, found by name once per container), so its rate and
 * burst are its own. Clients never send that key: with apiKeySource AUTHORIZER, the key check
 * hands it to API Gateway for them. It names a usage bucket; it is not a credential.
 */
import { APIGatewayClient, CreateApiKeyCommand, CreateUsagePlanKeyCommand, GetApiKeyCommand, GetUsagePlansCommand } from '@aws-sdk/client-api-gateway';
import type { UsagePlans } from '../../ports/usage-plans';
import { AWS_CLIENT_OPTIONS } from '../aws-client-options';

export class ApiGatewayUsagePlans implements UsagePlans {
  private planIds: Promise<Map<string, string>> | undefined;

  constructor(
    private readonly namePrefix: string,
    private readonly apiGateway = new APIGatewayClient(AWS_CLIENT_OPTIONS),
  ) {}

  async enrol(client: { clientId: string; tier: string }): Promise<string> {
    const usagePlanId = (await this.plans()).get(`${this.namePrefix}-${client.tier}`);
    if (!usagePlanId) throw new Error(`no usage plan ${this.namePrefix}-${client.tier} exists for tier ${client.tier}`);
    const key = await this.apiGateway.send(
      new CreateApiKeyCommand({ name: `${this.namePrefix}-${client.clientId}`, enabled: true, description: `usage key of client ${client.clientId}; not a credential` }),
    );
    if (!key.id || !key.value) throw new Error('API Gateway made an API key without id or value');
    await this.apiGateway.send(new CreateUsagePlanKeyCommand({ usagePlanId, keyId: key.id, keyType: 'API_KEY' }));
    return key.value;
  }

  /** Usage plan ids by name, read once (the plans change only with a deployment). */
  private plans(): Promise<Map<string, string>> {
    this.planIds ??= (async () => {
      const plans = new Map<string, string>();
      let position: string | undefined;
      do {
        const page = await this.apiGateway.send(new GetUsagePlansCommand({ limit: 500, ...(position ? { position } : {}) }));
        for (const plan of page.items ?? []) if (plan.name && plan.id) plans.set(plan.name, plan.id);
        position = page.position;
      } while (position);
      return plans;
    })().catch((error: unknown) => {
      this.planIds = undefined;
      throw error;
    });
    return this.planIds;
  }
}

/**
 * The value of an API Gateway API key, by id (the template knows ids, not values: values stay
 * out of every environment variable).
 *
 * @example
 * const adminUsageKey = await apiKeyValue('a1b2c3d4e5');
 */
export async function apiKeyValue(apiKeyId: string, apiGateway = new APIGatewayClient(AWS_CLIENT_OPTIONS)): Promise<string> {
  const { value } = await apiGateway.send(new GetApiKeyCommand({ apiKey: apiKeyId, includeValue: true }));
  if (!value) throw new Error(`API key ${apiKeyId} has no value`);
  return value;
}
