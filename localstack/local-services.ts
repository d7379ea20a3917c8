/**
 * Brings up the local stack: Apache Kafka (KRaft, one node), LocalStack (SQS, SNS),
 * DynamoDB Local, then provisions every resource. A service whose port already answers
 * (a previous run, or the docker compose stack) is reused and left running on stop.
 */
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { installAwsEmulators, startDynamoDbLocal, startLocalStack } from './aws/aws-emulators';
import { installKafka, startKafkaBroker } from './kafka/kafka-broker';
import { isHttpUp, isPortOpen } from './runtime/ports';
import { LOCAL_PORTS, applyLocalEnv } from './local-env';
import { provisionLocalResources, type ProvisionedResources } from './provision';

export const LOCAL_STATE_DIR = path.resolve(__dirname, '..', '.local');

export interface Stoppable {
  stop(): Promise<void>;
}

export interface LocalServices extends Stoppable {
  resources: ProvisionedResources;
  /** What each service is and whether this run started it or found it running. */
  summary: string[];
}

export interface LocalServicesOptions {
  log: (line: string) => void;
  /** Wipe the state of the services this run starts (the default: every start is a clean slate). */
  fresh?: boolean;
}

export async function startLocalServices(options: LocalServicesOptions): Promise<LocalServices> {
  const { log } = options;
  applyLocalEnv();
  const started: Array<{ name: string } & Stoppable> = [];
  const summary: string[] = [];
  const stop = async () => {
    for (const service of started.reverse()) {
      log(`stopping ${service.name}`);
      await service.stop().catch((error: unknown) => log(`could not stop ${service.name}: ${(error as Error).message}`));
    }
  };
  try {
    const [kafkaUp, localstackUp, dynamodbUp] = await Promise.all([
      isPortOpen(LOCAL_PORTS.kafka),
      isHttpUp(`http://localhost:${LOCAL_PORTS.localstack}/_localstack/health`),
      isPortOpen(LOCAL_PORTS.dynamodb),
    ]);
    await Promise.all([
      kafkaUp ? undefined : installKafka(log),
      localstackUp && dynamodbUp ? undefined : installAwsEmulators(log),
    ]);
    const stateDir = (name: string) => prepareDir(path.join(LOCAL_STATE_DIR, name), options.fresh ?? true);
    const logFile = (name: string) => path.join(prepareDir(path.join(LOCAL_STATE_DIR, 'logs'), false), `${name}.log`);
    await Promise.all([
      kafkaUp
        ? summary.push(`Kafka       127.0.0.1:${LOCAL_PORTS.kafka} (already running, reused)`)
        : startKafkaBroker({ port: LOCAL_PORTS.kafka, controllerPort: LOCAL_PORTS.kafkaController, dataDir: stateDir('kafka'), logFile: logFile('kafka'), log }).then((broker) => {
            started.push({ name: 'Kafka', stop: () => broker.stop() });
            summary.push(`Kafka       ${broker.bootstrap} (Apache Kafka, KRaft, log .local/logs/kafka.log)`);
          }),
      localstackUp
        ? summary.push(`LocalStack  http://localhost:${LOCAL_PORTS.localstack} (already running, reused)`)
        : startLocalStack({ port: LOCAL_PORTS.localstack, dataDir: stateDir('localstack'), logFile: logFile('localstack'), log }).then((emulator) => {
            started.push({ name: 'LocalStack', stop: () => emulator.stop() });
            summary.push(`LocalStack  ${emulator.endpoint} (SQS, SNS; log .local/logs/localstack.log)`);
          }),
      dynamodbUp
        ? summary.push(`DynamoDB    http://localhost:${LOCAL_PORTS.dynamodb} (already running, reused)`)
        : startDynamoDbLocal({ port: LOCAL_PORTS.dynamodb, dataDir: stateDir('dynamodb'), logFile: logFile('dynamodb'), log }).then((emulator) => {
            started.push({ name: 'DynamoDB Local', stop: () => emulator.stop() });
            summary.push(`DynamoDB    ${emulator.endpoint} (DynamoDB Local; log .local/logs/dynamodb.log)`);
          }),
    ]);
    const resources = await provisionLocalResources(log);
    return { resources, summary, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function prepareDir(dir: string, wipe: boolean): string {
  if (wipe) rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}
