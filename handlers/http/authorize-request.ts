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
import { authorizerResultOf, presentedKey } from '../../lib/http/authorizer-context';
import { identifyCaller } from '../../lib/use-cases/clients/identify-caller';
import { authorizerDeps, type AuthorizerDeps } from './authorizer-deps';

/**
 * The handler over the given collaborators (tests pass fakes; Lambda gets the real ones).
 *
 * @example
 * const result = await createAuthorizeRequestHandler(async () => deps)(requestAuthorizerEvent);
 */
export function createAuthorizeRequestHandler(deps: () => Promise<AuthorizerDeps>) {
  return async (event: APIGatewayRequestAuthorizerEvent): Promise<APIGatewayAuthorizerResult> => {
    const resolved = await deps();
    return authorizerResultOf(await identifyCaller(resolved, presentedKey(event.headers ?? {})), event.methodArn, (plan) => resolved.usageKeyOf(plan));
  };
}

export const handler = createAuthorizeRequestHandler(authorizerDeps);
