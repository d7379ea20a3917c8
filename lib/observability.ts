/**
 * The one logger of the service: Powertools Logger, JSON lines with the service name and,
 * per invocation, Lambda's context (request id, function, cold start) and the correlation
 * id. Never log invoice contents beyond identity.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Log } from './ports/log';

export const logger = new Logger({
  serviceName: process.env.SERVICE_NAME ?? 'invoice-pipeline',
  logLevel: (process.env.LOG_LEVEL as 'INFO' | undefined) ?? 'INFO',
});

/** The logger as the use cases' Log port sees it. */
export const log: Log = {
  info: (message, fields = {}) => logger.info(message, fields),
  warn: (message, fields = {}) => logger.warn(message, fields),
};

/**
 * Every handler's first middleware: Lambda's context on each line (function_request_id,
 * cold_start, ...), and the keys an invocation added (its correlation id) dropped when it
 * ends, so a warm container never carries one request's keys into the next.
 */
export function lambdaLogging() {
  return injectLambdaContext(logger, { resetKeys: true });
}
