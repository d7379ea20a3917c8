/**
 * `npm run provision`: creates the topics (or, with TRANSPORT=rabbitmq, RabbitMQ's queues),
 * the SQS queues, SNS subscription and tables on whatever the environment points at (the
 * local stack by default), idempotently.
 */
import { applyLocalEnv } from './local-env';
import { getConfig } from '../lib/config';
import { provisionLocalResources } from './provision';

applyLocalEnv();
provisionLocalResources((line) => console.log(`[provision] ${line}`), [getConfig().TRANSPORT]).catch((error: unknown) => {
  console.error(`[provision] failed: ${(error as Error).message}`);
  process.exit(1);
});
