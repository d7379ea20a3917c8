/**
 * Brings up the local stack: the transport's broker (Apache Kafka, KRaft, one node; or, with
 * transport rabbitmq, one RabbitMQ node), LocalStack (SQS, SNS), DynamoDB Local, then
 * provisions every resource. A service whose port already answers
 * (a previous run, or the docker compose stack) is reused and left running on stop.
 *
 * What survives a restart (npm start): Kafka's log directories (topics, records, the
 * consumer groups' committed offsets), RabbitMQ's node folder (its durable queues and their
 * persistent messages) and DynamoDB Local's files stay in .local/. LocalStack's
 * free edition keeps nothing, so the queues' messages are written out on stop and put back
 * on the next start (aws/queue-carry-over.ts). The test and bench stacks keep their own
 * folders and start empty, so they never touch what npm start keeps.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { INFRASTRUCTURE } from '../lib/infrastructure';
import path from 'node:path';
import { installAwsEmulators, startDynamoDbLocal, startLocalStack } from './aws/aws-emulators';
import { restoreQueues, saveQueues } from './aws/queue-carry-over';
import { installKafka, startKafkaBroker } from './kafka/kafka-broker';
import { rabbitMqServerScript, startRabbitMqBroker } from './rabbitmq/rabbitmq-broker';
import type { Transport } from '../lib/config';
import { isHttpUp, isPortOpen } from './runtime/ports';
import { LOCAL_PORT_OFFSET, LOCAL_PORTS, applyLocalEnv } from './local-env';
import { provisionLocalResources, type ProvisionedResources } from './provision';

export const LOCAL_STATE_DIR = path.resolve(__dirname, '..', LOCAL_PORT_OFFSET ? `.local-${LOCAL_PORT_OFFSET}` : '.local');

/** The state folder of a stack that starts empty each time (the tests', the bench's): never npm start's. */
export function scratchStateDir(name: string): string {
  return path.resolve(__dirname, '..', `.local-${name}${LOCAL_PORT_OFFSET ? `-${LOCAL_PORT_OFFSET}` : ''}`);
}

export interface Stoppable {
  stop(): Promise<void>;
}

/** A service this run started: its process, and a restart on the same data (for failure drills). */
export interface StartedService extends Stoppable {
  pid: number;
  restart(): Promise<void>;
}

export type ServiceName = 'kafka' | 'rabbitmq' | 'localstack' | 'dynamodb';

export interface LocalServices extends Stoppable {
  resources: ProvisionedResources;
  /** The services this run started (not the ones it found running). */
  processes: Partial<Record<ServiceName, StartedService>>;
  /** What each service is and whether this run started it or found it running. */
  summary: string[];
}

export interface LocalServicesOptions {
  log: (line: string) => void;
  /** Where the services keep their data; LOCAL_STATE_DIR (npm start's) by default. */
  dataDir?: string;
  /** Start the services this run starts empty (npm start -- --fresh, the tests, the drills). */
  fresh?: boolean;
  /**
   * Keep everything across a restart: DynamoDB Local on files, the queues carried over
   * (the default). Off, DynamoDB Local runs in memory and the queues are left as they are.
   */
  durable?: boolean;
  /**
   * The brokers to start: the one of the transport that carries the invoices, Kafka by
   * default (npm start); the tests start both, to exercise each.
   */
  transports?: Transport[];
}

export async function startLocalServices(options: LocalServicesOptions): Promise<LocalServices> {
  const { log } = options;
  const dataDir = options.dataDir ?? LOCAL_STATE_DIR;
  const durable = options.durable ?? true;
  const fresh = options.fresh ?? false;
  const transports = new Set<Transport>(options.transports ?? ['kafka']);
  const carryOver = { dir: path.join(dataDir, 'carry-over'), log };
  const queueNames = [INFRASTRUCTURE.queues.invalidInvoices, INFRASTRUCTURE.queues.invalidInvoicesDlq, INFRASTRUCTURE.queues.adminAlertsInbox];
  applyLocalEnv();
  const started: Array<{ name: string } & Stoppable> = [];
  const processes: LocalServices['processes'] = {};
  /** Keeps a started service's handle current across restarts. */
  const track = <T extends { pid: number; stop(): Promise<void> }>(key: ServiceName, name: string, start: () => Promise<T>): Promise<T> =>
    start().then((first) => {
      let current: { pid: number; stop(): Promise<void> } = first;
      const service: StartedService = {
        get pid() {
          return current.pid;
        },
        stop: () => current.stop(),
        restart: async () => {
          await current.stop();
          current = await start();
        },
      };
      processes[key] = service;
      started.push({ name, stop: () => service.stop() });
      return first;
    });
  const summary: string[] = [];
  let localStackStarted = false;
  const stop = async () => {
    // Before LocalStack goes, with everything that consumes its queues already stopped.
    if (durable && localStackStarted) await saveQueues(queueNames, carryOver).catch((error: unknown) => log(`could not keep the queues' messages: ${(error as Error).message}`));
    for (const service of started.reverse()) {
      log(`stopping ${service.name}`);
      await service.stop().catch((error: unknown) => log(`could not stop ${service.name}: ${(error as Error).message}`));
    }
  };
  try {
    const [kafkaUp, rabbitMqUp, localstackUp, dynamodbUp] = await Promise.all([
      transports.has('kafka') ? isPortOpen(LOCAL_PORTS.kafka) : true,
      transports.has('rabbitmq') ? isPortOpen(LOCAL_PORTS.rabbitmq) : true,
      isHttpUp(`http://localhost:${LOCAL_PORTS.localstack}/_localstack/health`),
      isPortOpen(LOCAL_PORTS.dynamodb),
    ]);
    // RabbitMQ comes from the system's packages: only checked here, with how to install it.
    if (!rabbitMqUp) rabbitMqServerScript();
    await Promise.all([kafkaUp ? undefined : installKafka(log), localstackUp && dynamodbUp ? undefined : installAwsEmulators(log)]);
    const stateDir = (name: string) => prepareDir(path.join(dataDir, name), fresh);
    if (fresh) rmSync(carryOver.dir, { recursive: true, force: true });
    const logFile = (name: string) => path.join(prepareDir(path.join(LOCAL_STATE_DIR, 'logs'), false), `${name}.log`);
    // allSettled, not all: when one service fails to start, the others still starting must be
    // registered before stop() runs, or they are left running (a failed Kafka format once left
    // a LocalStack behind, which the next run reused with its files deleted).
    const startBroker: Record<Transport, () => Promise<unknown> | number> = {
      kafka: () =>
        kafkaUp
          ? summary.push(`Kafka       127.0.0.1:${LOCAL_PORTS.kafka} (already running, reused)`)
          : track('kafka', 'Kafka', kafkaStarter(stateDir('kafka'), logFile('kafka'), log)).then((broker) => {
              summary.push(`Kafka       ${broker.bootstrap} (Apache Kafka, KRaft, log .local/logs/kafka.log)`);
            }),
      rabbitmq: () =>
        rabbitMqUp
          ? summary.push(`RabbitMQ    127.0.0.1:${LOCAL_PORTS.rabbitmq} (already running, reused)`)
          : track('rabbitmq', 'RabbitMQ', rabbitMqStarter(stateDir('rabbitmq'), logFile('rabbitmq'), log)).then((broker) => {
              summary.push(`RabbitMQ    ${broker.url.replace(/\/\/[^@]*@/, '//')} (one node, log .local/logs/rabbitmq.log)`);
              summary.push(`Management  ${broker.managementUrl} (RabbitMQ's UI, guest/guest)`);
            }),
    };
    await settleAll([
      ...[...transports].map((transport) => startBroker[transport]()),
      localstackUp
        ? summary.push(`LocalStack  http://localhost:${LOCAL_PORTS.localstack} (already running, reused)`)
        : track('localstack', 'LocalStack', emulatorStarter(startLocalStack, LOCAL_PORTS.localstack, stateDir('localstack'), logFile('localstack'), log, false)).then((emulator) => {
            localStackStarted = true;
            summary.push(`LocalStack  ${emulator.endpoint} (SQS, SNS; log .local/logs/localstack.log)`);
          }),
      dynamodbUp
        ? summary.push(`DynamoDB    http://localhost:${LOCAL_PORTS.dynamodb} (already running, reused)`)
        : track('dynamodb', 'DynamoDB Local', emulatorStarter(startDynamoDbLocal, LOCAL_PORTS.dynamodb, stateDir('dynamodb'), logFile('dynamodb'), log, durable)).then((emulator) => {
            summary.push(`DynamoDB    ${emulator.endpoint} (DynamoDB Local${durable ? ', data kept in its folder' : ', in memory'}; log .local/logs/dynamodb.log)`);
          }),
    ]);
    const resources = await provisionLocalResources(log, [...transports]);
    if (durable && localStackStarted) await restoreQueues(carryOver);
    return { resources, summary, processes, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Waits for every one; then throws the first failure, if any. */
async function settleAll(work: Array<Promise<unknown> | number>): Promise<void> {
  const results = await Promise.allSettled(work.map((item) => Promise.resolve(item)));
  const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) throw failed.reason;
}

function kafkaStarter(dataDir: string, logFile: string, log: (line: string) => void) {
  return () => startKafkaBroker({ port: LOCAL_PORTS.kafka, controllerPort: LOCAL_PORTS.kafkaController, dataDir, logFile, log });
}

function rabbitMqStarter(dataDir: string, logFile: string, log: (line: string) => void) {
  return () =>
    startRabbitMqBroker({ port: LOCAL_PORTS.rabbitmq, managementPort: LOCAL_PORTS.rabbitmqManagement, distributionPort: LOCAL_PORTS.rabbitmqDistribution, dataDir, logFile, log });
}

function emulatorStarter(
  start: typeof startLocalStack,
  port: number,
  dataDir: string,
  logFile: string,
  log: (line: string) => void,
  durable: boolean,
) {
  return () => start({ port, dataDir, logFile, log, durable });
}

function prepareDir(dir: string, wipe: boolean): string {
  if (wipe) rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}
