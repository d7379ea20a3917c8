/**
 * `npm run provision`: creates the topics, queues, SNS subscription and tables on
 * whatever the environment points at (the local stack by default), idempotently.
 */
import { applyLocalEnv } from './local-env';
import { provisionLocalResources } from './provision';

applyLocalEnv();
provisionLocalResources((line) => console.log(`[provision] ${line}`)).catch((error: unknown) => {
  console.error(`[provision] failed: ${(error as Error).message}`);
  process.exit(1);
});
