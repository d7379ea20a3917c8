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
import type { Transport } from '../../lib/config';

export interface BenchStack extends Stoppable {
  /** One line per service: found running, or started by the bench. */
  summary: string[];
  /**
   * Restarts serverless-offline with every Kafka trigger's batching window set to this many
   * seconds (undefined: the deployment's); false when the bench did not start it (it is left alone).
   */
  setTriggerWindow(seconds: number | undefined): Promise<boolean>;
  /**
   * The Lambda API of a second serverless-offline with TRANSPORT=rabbitmq (its validateInvoices
   * is the RabbitMQ one), on ports of its own, started on first use and stopped at the end.
   */
  rabbitMqValidatorEndpoint(): Promise<string>;
}

/** The RabbitMQ offline's ports: beside the bench stack's, as the RabbitMQ end-to-end test does. */
const RABBITMQ_OFFLINE_PORTS = { http: LOCAL_PORTS.http + 100, lambda: LOCAL_PORTS.lambda + 100 };

export async function ensureLocalStack(log: (line: string) => void, transports: Transport[] = ['kafka']): Promise<BenchStack> {
  applyLocalEnv();
  const ports = [LOCAL_PORTS.kafka, LOCAL_PORTS.localstack, LOCAL_PORTS.dynamodb, LOCAL_PORTS.http, LOCAL_PORTS.lambda, ...(transports.includes('rabbitmq') ? [LOCAL_PORTS.rabbitmq] : [])];
  const open = await Promise.all(ports.map((port) => isPortOpen(port)));
  let rabbitMqOffline: (Stoppable & { endpoint: string }) | undefined;
  const rabbitMqValidatorEndpoint = async () => {
    if (rabbitMqOffline) return rabbitMqOffline.endpoint;
    const logFile = path.join(LOCAL_STATE_DIR, 'logs', 'offline-bench-rabbitmq.log');
    mkdirSync(path.dirname(logFile), { recursive: true });
    log(`starting a serverless-offline with TRANSPORT=rabbitmq on ${RABBITMQ_OFFLINE_PORTS.http}/${RABBITMQ_OFFLINE_PORTS.lambda} (log ${path.relative(process.cwd(), logFile)})`);
    const offline = await startOffline({ consumers: 1, ports: RABBITMQ_OFFLINE_PORTS, env: { TRANSPORT: 'rabbitmq', OFFLINE_SQS_TRIGGER: 'off' }, output: (line) => appendFileSync(logFile, `${line}\n`) });
    rabbitMqOffline = { stop: () => offline.stop(), endpoint: `http://127.0.0.1:${RABBITMQ_OFFLINE_PORTS.lambda}` };
    return rabbitMqOffline.endpoint;
  };
  const stopRabbitMqOffline = async () => {
    await rabbitMqOffline?.stop();
  };
  if (open.every(Boolean)) {
    return { summary: ['every service already running (reused, left running)'], stop: stopRabbitMqOffline, setTriggerWindow: () => Promise.resolve(false), rabbitMqValidatorEndpoint };
  }
  const started: Stoppable[] = [];
  const stop = async () => {
    await stopRabbitMqOffline();
    for (const service of started.reverse()) await service.stop();
  };
  try {
    const services = await startLocalServices({ log, dataDir: scratchStateDir('bench'), fresh: true, durable: false, transports });
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
    return { summary: summary.map((line) => line.replace(/\s+/g, ' ')), stop: stopAll, setTriggerWindow, rabbitMqValidatorEndpoint };
  } catch (error) {
    await stop();
    throw error;
  }
}
