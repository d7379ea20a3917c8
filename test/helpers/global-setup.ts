/**
 * Starts what the integration and end-to-end tests need when it is not already up:
 * Kafka, RabbitMQ, LocalStack, DynamoDB Local (provisioned) and serverless-offline with the
 * Kafka trigger (the RabbitMQ end-to-end test starts an offline of its own). What this run starts, global-teardown stops; what it found running
 * (an `npm start` in another terminal) it leaves alone.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { isPortOpen } from '../../localstack/runtime/ports';
import { applyLocalEnv, LOCAL_PORTS } from '../../localstack/local-env';
import { LOCAL_STATE_DIR, scratchStateDir, startLocalServices, type Stoppable } from '../../localstack/local-services';
import { startOffline } from '../../localstack/offline';

declare global {
  var __LOCAL_STACK__: Stoppable[] | undefined;
}

export default async function globalSetup(): Promise<void> {
  applyLocalEnv();
  const started: Stoppable[] = [];
  globalThis.__LOCAL_STACK__ = started;
  const log = (line: string) => process.stdout.write(`[test stack] ${line}\n`);
  const offlineUp = await isPortOpen(LOCAL_PORTS.http);
  // A folder of its own, started empty: the tests never touch what npm start keeps.
  started.push(await startLocalServices({ log, dataDir: scratchStateDir('test'), fresh: true, durable: false, transports: ['kafka', 'rabbitmq'] }));
  if (offlineUp) {
    log(`serverless-offline already answers on ${LOCAL_PORTS.http}; using it`);
    return;
  }
  const logDir = path.join(LOCAL_STATE_DIR, 'logs');
  mkdirSync(logDir, { recursive: true });
  const offlineLog = path.join(logDir, 'offline-test.log');
  log(`starting serverless-offline (log ${path.relative(process.cwd(), offlineLog)})`);
  started.push(await startOffline({ consumers: 1, output: (line) => appendFileSync(offlineLog, `${line}\n`) }));
}
