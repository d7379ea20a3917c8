/**
 * UsagePlans on this machine, where serverless-offline stands in for API Gateway: the usage
 * key is the client's own id, and the HTTP stack's usage plan emulator holds each usage key
 * to its tier's rate and burst (lib/middlewares/local-usage-plan.ts).
 */
import type { UsagePlans } from '../../ports/usage-plans';

export class LocalUsagePlans implements UsagePlans {
  enrol(client: { clientId: string }): Promise<string> {
    return Promise.resolve(`client:${client.clientId}`);
  }
}
