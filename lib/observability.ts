/**
 * The one logger of the service: Powertools Logger, JSON lines with the service name
 * and, per invocation, the correlation id. Never log invoice contents beyond identity.
 */
import { Logger } from '@aws-lambda-powertools/logger';
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
