/**
 * API Gateway's usage plans, where API Gateway is not: under serverless-offline (IS_OFFLINE),
 * every request is held to its usage plan's rate and burst (lib/resources.json, clients), per
 * usage key the key check named, as API Gateway does deployed: a token bucket of `burstLimit`
 * tokens filled at `rateLimit` per second. Over it the answer is 429 with Retry-After, as the
 * deployed THROTTLED response says. Deployed, it does nothing: API Gateway has already done it.
 * The buckets live on globalThis, shared by every function of the offline process.
 */
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { INFRASTRUCTURE } from '../infrastructure';
import { HttpProblem } from '../http/problem';

export interface Throttle {
  rateLimit: number;
  burstLimit: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

const BUCKETS = Symbol.for('invoice-pipeline.local-usage-plan.buckets');

/** The usage plan of the local demo client only; no deployed stage has one. */
export const DEMO_USAGE_PLAN = 'demo';
type WithBuckets = typeof globalThis & { [BUCKETS]?: Map<string, Bucket> };

/**
 * The throttle of a usage plan by name: a client tier, 'admin', 'anonymous', or 'demo' (the
 * local demo client's, generous so the benchmark and the drills measure the pipeline).
 */
export function throttleOf(plan: string): Throttle {
  const { clients } = INFRASTRUCTURE;
  if (plan === 'admin') return clients.adminUsagePlan;
  if (plan === 'anonymous') return clients.anonymousUsagePlan;
  if (plan === DEMO_USAGE_PLAN) return clients.demoUsagePlan;
  return (clients.tiers as Record<string, Throttle>)[plan] ?? (clients.tiers as Record<string, Throttle>)[clients.defaultTier] as Throttle;
}

/**
 * Takes a token from the bucket; the seconds to wait when there is none.
 *
 * @example
 * takeToken(buckets, 'client:cl-1', { rateLimit: 50, burstLimit: 100 }, Date.now()) // 0: allowed
 */
export function takeToken(buckets: Map<string, Bucket>, usageKey: string, throttle: Throttle, now: number): number {
  const bucket = buckets.get(usageKey) ?? { tokens: throttle.burstLimit, updatedAt: now };
  bucket.tokens = Math.min(throttle.burstLimit, bucket.tokens + ((now - bucket.updatedAt) / 1000) * throttle.rateLimit);
  bucket.updatedAt = now;
  buckets.set(usageKey, bucket);
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1;
    return 0;
  }
  return Math.max(1, Math.ceil((1 - bucket.tokens) / throttle.rateLimit));
}

export function localUsagePlan(options: { enabled?: boolean; now?: () => number } = {}): MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> {
  const enabled = options.enabled ?? process.env.IS_OFFLINE === 'true';
  const now = options.now ?? Date.now;
  const localUsagePlanBefore: MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult>['before'] = (request) => {
    if (!enabled) return;
    const authorizer = (request.event.requestContext?.authorizer ?? {}) as Record<string, unknown>;
    const plan = typeof authorizer.usagePlan === 'string' ? authorizer.usagePlan : 'anonymous';
    const principal = typeof authorizer.principalId === 'string' ? authorizer.principalId : 'anonymous';
    const usageKey = typeof authorizer.usageKey === 'string' ? authorizer.usageKey : `${plan}:${principal}`;
    const shared = globalThis as WithBuckets;
    shared[BUCKETS] ??= new Map();
    const waitSeconds = takeToken(shared[BUCKETS], usageKey, throttleOf(plan), now());
    if (waitSeconds > 0) {
      throw new HttpProblem(429, 'Too Many Requests', 'Your key is over its request rate; retry after the Retry-After seconds.', {
        headers: { 'retry-after': String(waitSeconds) },
      });
    }
  };
  return { before: localUsagePlanBefore };
}
