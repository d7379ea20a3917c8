/**
 * Options every AWS client of the service shares. Endpoints and credentials are not here:
 * the SDK reads them from the environment (AWS_ENDPOINT_URL_*, AWS_REGION, ...), so the same
 * code runs on LocalStack and AWS. Short timeouts make an unreachable store fail fast, so the
 * batch is retried with backoff instead of hanging until the Lambda times out.
 */
export const AWS_CLIENT_OPTIONS = {
  maxAttempts: 3,
  // throwOnRequestTimeout: without it this SDK only logs a warning and the call waits for ever.
  requestHandler: { connectionTimeout: 2_000, requestTimeout: 5_000, throwOnRequestTimeout: true },
} as const;
