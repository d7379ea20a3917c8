/**
 * The local stack for the bench, as the test suite gets it (test/helpers/global-setup.ts):
 * services already running are used and left alone; the ones that are not are started
 * with startLocalServices and startOffline, and only those are stopped at the end.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { applyLocalEnv, LOCAL_PORTS } from '../../localstack/local-env';
import { LOCAL_STATE_DIR, scratchStateDir, startLocalServices, type Stoppable } from '../../localstack/local-services';
import { startOffline } from '../../localstack/offline';
import { isPortOpen } from '../../localstack/runtime/ports';

export interface BenchStack extends Stoppable {
  /** One line per service: found running, or started by the bench. */
  summary: string[];
  /**
   * Restarts serverless-offline with every Kafka trigger's batching window set to this many
   * seconds (undefined: the deployment's); false when the bench did not start it (it is left alone).
   */
  setTriggerWindow(seconds: number | undefined): Promise<boolean>;
}

export async function ensureLocalStack(log: (line: string) => void): Promise<BenchStack> {
  applyLocalEnv();
  const ports = [LOCAL_PORTS.kafka, LOCAL_PORTS.localstack, LOCAL_PORTS.dynamodb, LOCAL_PORTS.http, LOCAL_PORTS.lambda];
  const open = await Promise.all(ports.map((port) => isPortOpen(port)));
  if (open.every(Boolean)) {
    return { summary: ['every service already running (reused, left running)'], stop: () => Promise.resolve(), setTriggerWindow: () => Promise.resolve(false) };
  }
  const started: Stoppable[] = [];
  const stop = async () => {
    for (const service of started.reverse()) await service.stop();
  };
  try {
    const services = await startLocalServices({ log, dataDir: scratchStateDir('bench'), fresh: true, durable: false });
    started.push(services);
    const summary = [...services.summary];
    let offline: Stoppable | undefined;
    const logFile = path.join(LOCAL_STATE_DIR, 'logs', 'offline-bench.log');
    const startOwnOffline = async (env: Record<string, string>) => {
      offline = await startOffline({ consumers: 1, env, output: (line) => appendFileSync(logFile, `${line}\n`) });
    };
    if (open[3] && open[4]) {
      summary.push('serverless-offline already running (reused)');
    } else {
      mkdirSync(path.dirname(logFile), { recursive: true });
      log(`starting serverless-offline (log ${path.relative(process.cwd(), logFile)})`);
      await startOwnOffline({});
      summary.push('serverless-offline started by the bench (stopped at the end)');
    }
    const setTriggerWindow = async (seconds: number | undefined) => {
      if (!offline) return false;
      await offline.stop();
      log(`restarting serverless-offline with the Kafka trigger's window at ${seconds === undefined ? "the deployment's" : `${seconds} s`}`);
      await startOwnOffline(seconds === undefined ? {} : { KAFKA_TRIGGER_BATCHING_WINDOW_S: String(seconds) });
      return true;
    };
    const stopAll = async () => {
      if (offline) await offline.stop();
      await stop();
    };
    return { summary: summary.map((line) => line.replace(/\s+/g, ' ')), stop: stopAll, setTriggerWindow };
  } catch (error) {
    await stop();
    throw error;
  }
}
