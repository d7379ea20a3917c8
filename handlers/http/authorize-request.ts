/**
 * The API's key check: an API Gateway REQUEST Lambda authorizer (serverless-offline runs the
 * same function locally). It names the caller from the key (x-api-key or Authorization:
 * Bearer) and lets every request through with that verdict in requestContext.authorizer;
 * the functions then refuse what their route does not admit (lib/middlewares/caller-auth.ts),
 * so refusals are problem+json with a detail, locally and deployed alike. The usage key it
 * returns puts the request under the caller's usage plan (apiKeySource: AUTHORIZER).
 * Source: AWS API Gateway DG "Input to an API Gateway Lambda authorizer" (REQUEST type) and
 * "Output from an API Gateway Lambda authorizer"; saved as test/events/api-gateway-authorizer-request.json.
 */
import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { identifyCaller, type IdentifyCallerDeps } from '../../lib/use-cases/clients/identify-caller';
import { authorizerContextOf } from '../../lib/http/authorizer-context';
import { authorizerDeps } from './authorizer-deps';

/**
 * The handler over the given collaborators (tests pass fakes; Lambda gets the real ones).
 *
 * @example
 * const result = await createAuthorizeRequestHandler(deps)(requestAuthorizerEvent);
 */
export function createAuthorizeRequestHandler(deps: () => Promise<IdentifyCallerDeps & { usageKeyOf(plan: string): string | undefined }>) {
  return async (event: APIGatewayRequestAuthorizerEvent): Promise<APIGatewayAuthorizerResult> => {
    const resolved = await deps();
    const identification = await identifyCaller(resolved, presentedKey(event.headers ?? {}));
    const { principalId, context } = authorizerContextOf(identification);
    const usageKey = identification.identified ? (identification.usage.key ?? resolved.usageKeyOf(identification.usage.plan)) : resolved.usageKeyOf('anonymous');
    return {
      principalId,
      // Every route of this API and stage: the functions decide what the caller may do.
      policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: everyRouteOf(event.methodArn) }] },
      context,
      ...(usageKey ? { usageIdentifierKey: usageKey } : {}),
    };
  };
}

/** The key as sent; header names are matched without regard to case (REQUEST events keep them as sent). */
function presentedKey(headers: Record<string, string | undefined>): string | undefined {
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

export const handler = createAuthorizeRequestHandler(authorizerDeps);
