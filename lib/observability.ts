/**
 * The one logger of the service: Powertools Logger, JSON lines with the service name
 * and, per invocation, the correlation id. Never log invoice contents beyond identity.
 */
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger({
  serviceName: process.env.SERVICE_NAME ?? 'invoice-pipeline',
  logLevel: (process.env.LOG_LEVEL as 'INFO' | undefined) ?? 'INFO',
});
