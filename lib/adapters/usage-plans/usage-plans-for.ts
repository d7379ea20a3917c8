/**
 * The usage plans of this stage: API Gateway's when the configuration names a plan prefix
 * (deployed), the local stand-in otherwise.
 */
import type { Config } from '../../config';
import type { UsagePlans } from '../../ports/usage-plans';
import { ApiGatewayUsagePlans } from './api-gateway-usage-plans';
import { LocalUsagePlans } from './local-usage-plans';

export function usagePlansFor(config: Pick<Config, 'USAGE_PLAN_NAME_PREFIX'>): UsagePlans {
  return config.USAGE_PLAN_NAME_PREFIX ? new ApiGatewayUsagePlans(config.USAGE_PLAN_NAME_PREFIX) : new LocalUsagePlans();
}
