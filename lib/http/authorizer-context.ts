/**
 * What the API's key check (the REQUEST authorizer) hands each function about the caller, in
 * API Gateway's `requestContext.authorizer` (principalId, and a context of strings only),
 * and how a function reads it back. One codec, so the writer and the readers cannot drift.
 */
import type { APIGatewayAuthorizerResult } from 'aws-lambda';
import { z } from 'zod';
import type { Caller } from '../domain/caller';
import type { Identification, RefusedKey } from '../use-cases/clients/identify-caller';

export type AuthorizerContext = Record<string, string>;

/** Anonymous: who gets through the authorizer without a valid key (the function then refuses it). */
export const ANONYMOUS_PRINCIPAL = 'anonymous';

/**
 * @example
 * authorizerContextOf({ identified: true, caller: { role: 'admin', name: 'alice' }, usage: { plan: 'admin' } })
 * // { principalId: 'alice', context: { role: 'admin', name: 'alice', usagePlan: 'admin' } }
 */
export function authorizerContextOf(identification: Identification): { principalId: string; context: AuthorizerContext } {
  if (!identification.identified) {
    return { principalId: ANONYMOUS_PRINCIPAL, context: { role: 'none', refused: identification.refused, usagePlan: 'anonymous' } };
  }
  const { caller, usage } = identification;
  const base = { usagePlan: usage.plan, ...(usage.key ? { usageKey: usage.key } : {}) };
  if (caller.role === 'admin') return { principalId: caller.name, context: { role: 'admin', name: caller.name, ...base } };
  return {
    principalId: caller.clientId,
    context: { role: 'client', clientId: caller.clientId, name: caller.name, issuers: caller.issuers.join(','), ...base },
  };
}

const contextSchema = z.discriminatedUnion('role', [
  z.object({ role: z.literal('admin'), name: z.string().min(1), usagePlan: z.string(), usageKey: z.string().optional() }),
  z.object({
    role: z.literal('client'),
    clientId: z.string().min(1),
    name: z.string(),
    issuers: z.string().transform((issuers) => issuers.split(',').filter(Boolean)),
    usagePlan: z.string(),
    usageKey: z.string().optional(),
  }),
  z.object({ role: z.literal('none'), refused: z.enum(['missing', 'unknown', 'revoked', 'unavailable']), usagePlan: z.string() }),
]);

export type CallerOfRequest =
  | { known: true; caller: Caller; usagePlan: string; usageKey?: string }
  | { known: false; refused: RefusedKey | 'no-key-check' };

/** The caller the authorizer established for this request (`no-key-check`: the route is not behind it). */
export function callerOfRequest(authorizer: unknown): CallerOfRequest {
  const parsed = contextSchema.safeParse(authorizer ?? {});
  if (!parsed.success) return { known: false, refused: 'no-key-check' };
  const context = parsed.data;
  if (context.role === 'none') return { known: false, refused: context.refused };
  const usage = { usagePlan: context.usagePlan, ...(context.usageKey ? { usageKey: context.usageKey } : {}) };
  if (context.role === 'admin') return { known: true, caller: { role: 'admin', name: context.name }, ...usage };
  return { known: true, caller: { role: 'client', clientId: context.clientId, name: context.name, issuers: context.issuers }, ...usage };
}

/**
 * What the authorizer answers API Gateway: the verdict, a policy allowing every route of the
 * API and stage (the functions decide what the caller may do), and the usage key that puts
 * the request under the caller's usage plan. Source: AWS API Gateway DG "Output from an API
 * Gateway Lambda authorizer".
 *
 * @example
 * authorizerResultOf(identification, event.methodArn, (plan) => usageKeys[plan])
 */
export function authorizerResultOf(identification: Identification, methodArn: string, usageKeyOf: (plan: string) => string | undefined): APIGatewayAuthorizerResult {
  const { principalId, context } = authorizerContextOf(identification);
  const usageKey = identification.identified ? (identification.usage.key ?? usageKeyOf(identification.usage.plan)) : usageKeyOf('anonymous');
  return {
    principalId,
    policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: everyRouteOf(methodArn) }] },
    context,
    ...(usageKey ? { usageIdentifierKey: usageKey } : {}),
  };
}

/**
 * The key a request carries: `x-api-key`, else `Authorization: Bearer <key>`; header names
 * match whatever their case (a REQUEST authorizer gets them as sent).
 *
 * @example
 * presentedKey({ Authorization: 'Bearer k-1' }) // 'k-1'
 */
export function presentedKey(headers: Record<string, string | undefined>): string | undefined {
  const byName = new Map(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value?.trim()]));
  const apiKey = byName.get('x-api-key');
  if (apiKey) return apiKey;
  return /^Bearer\s+(.+)$/i.exec(byName.get('authorization') ?? '')?.[1]?.trim() || undefined;
}

/** arn:aws:execute-api:<region>:<account>:<api>/<stage>/<method>/<path> -> .../<api>/<stage>/* */
function everyRouteOf(methodArn: string): string {
  const [api, stage] = methodArn.split('/');
  return `${api}/${stage}/*`;
}
