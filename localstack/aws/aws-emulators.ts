/**
 * The local AWS services, on the host (no Docker):
 * - LocalStack 4.13.1 for SQS and SNS on :4566, from PyPI into localstack/.venv, with the
 *   machine's own Python 3.11 or newer (python-interpreter.ts finds it).
 * - DynamoDB Local (the official emulator, Maven Central) for DynamoDB on :8000, because
 *   LocalStack's DynamoDB downloads DynamoDB Local at run time, which fails offline.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fetchMavenDependencies, runCommand } from '../runtime/commands';
import { startManagedProcess } from '../runtime/managed-process';
import { isHttpUp, isPortOpen } from '../runtime/ports';
import { digestOf, isInstalled, markInstalled, toolCacheDir } from '../runtime/tool-cache';
import { findPython } from './python-interpreter';

const LOCALSTACK_REQUIREMENTS = path.join(__dirname, 'localstack-requirements.txt');
const LOCALSTACK_VERSION = '4.13.1';
const DYNAMODB_POM = path.join(__dirname, 'dynamodb-local.pom.xml');
const VENV = path.resolve(__dirname, '..', '.venv');
const VENV_PYTHON = path.join(VENV, 'bin', 'python');

export interface EmulatorOptions {
  port: number;
  dataDir: string;
  /** Keep the data on disk in dataDir (DynamoDB Local), so a restart finds it again. */
  durable?: boolean;
  logFile: string;
  log: (line: string) => void;
}

export interface Emulator {
  endpoint: string;
  pid: number;
  stop(): Promise<void>;
}

/** Installs what is missing: the LocalStack virtualenv and the DynamoDB Local jars. */
export async function installAwsEmulators(log: (line: string) => void): Promise<void> {
  await Promise.all([installLocalStack(log), installDynamoDbLocal(log)]);
}

async function installLocalStack(log: (line: string) => void): Promise<void> {
  const digest = digestOf(LOCALSTACK_REQUIREMENTS);
  if (existsSync(VENV_PYTHON) && isInstalled(VENV, digest)) return;
  const python = await findPython();
  log(`installing LocalStack ${LOCALSTACK_VERSION} from PyPI into localstack/.venv with ${python} (once, about a minute)...`);
  await runCommand(python, ['-m', 'venv', '--clear', VENV]);
  await runCommand(VENV_PYTHON, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '-r', LOCALSTACK_REQUIREMENTS]);
  markInstalled(VENV, digest);
}

async function installDynamoDbLocal(log: (line: string) => void): Promise<string> {
  const digest = digestOf(DYNAMODB_POM);
  const libs = toolCacheDir(`dynamodb-local-${digest}`);
  if (isInstalled(libs, digest)) return libs;
  log(`fetching DynamoDB Local from Maven Central into ${libs} (once)...`);
  await fetchMavenDependencies(DYNAMODB_POM, libs);
  markInstalled(libs, digest);
  return libs;
}

/** Starts LocalStack with SQS and SNS; resolves once both report available. */
export async function startLocalStack(options: EmulatorOptions): Promise<Emulator> {
  await installLocalStack(options.log);
  const endpoint = `http://localhost:${options.port}`;
  options.log(`starting LocalStack (SQS, SNS) on ${endpoint}...`);
  const emulator = await startManagedProcess({
    name: 'LocalStack',
    command: VENV_PYTHON,
    args: ['-m', 'localstack.runtime.main'],
    env: {
      ...process.env,
      GATEWAY_LISTEN: `127.0.0.1:${options.port}`,
      // Queue URLs name localhost: localhost.localstack.cloud needs a DNS lookup this machine may not make.
      LOCALSTACK_HOST: `localhost:${options.port}`,
      SQS_ENDPOINT_STRATEGY: 'path',
      SERVICES: 'sqs,sns',
      // The free edition only: without this, 4.13 asks for a LocalStack account and quits.
      ACTIVATE_PRO: '0',
      EAGER_SERVICE_LOADING: '1',
      DNS_ADDRESS: '0',
      DISABLE_EVENTS: '1',
      SKIP_SSL_CERT_DOWNLOAD: '1',
      PERSISTENCE: '0',
      LOCALSTACK_VOLUME_DIR: options.dataDir,
    },
    logFile: options.logFile,
    isReady: () => servicesAvailable(endpoint, ['sqs', 'sns']),
    readyTimeoutMs: 120_000,
  });
  return { endpoint, pid: emulator.pid, stop: emulator.stop };
}

async function servicesAvailable(endpoint: string, services: string[]): Promise<boolean> {
  if (!(await isHttpUp(`${endpoint}/_localstack/health`))) return false;
  const response = await fetch(`${endpoint}/_localstack/health`);
  const health = (await response.json()) as { services?: Record<string, string> };
  return services.every((name) => ['available', 'running'].includes(health.services?.[name] ?? ''));
}

/** Starts DynamoDB Local, on files in dataDir when durable, else in memory; resolves once its port answers. */
export async function startDynamoDbLocal(options: EmulatorOptions): Promise<Emulator> {
  const libs = await installDynamoDbLocal(options.log);
  options.log(`starting DynamoDB Local on http://localhost:${options.port}...`);
  const emulator = await startManagedProcess({
    name: 'DynamoDB Local',
    command: 'java',
    args: [
      '-Xmx1g',
      `-Djava.library.path=${libs}`,
      '-cp',
      `${libs}/*`,
      'com.amazonaws.services.dynamodbv2.local.main.ServerRunner',
      '-port',
      String(options.port),
      // On files, so invoices outlive a restart; in memory (faster) for the test and bench stacks, which start empty anyway.
      ...(options.durable ? ['-dbPath', options.dataDir] : ['-inMemory']),
      // One database for every region and key, as one AWS account would have.
      '-sharedDb',
    ],
    cwd: options.dataDir,
    logFile: options.logFile,
    isReady: () => isPortOpen(options.port),
    readyTimeoutMs: 60_000,
  });
  return { endpoint: `http://localhost:${options.port}`, pid: emulator.pid, stop: emulator.stop };
}
