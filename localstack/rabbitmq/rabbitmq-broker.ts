/**
 * The local RabbitMQ: one node of Debian's `rabbitmq-server` (apt-get install rabbitmq-server)
 * on 127.0.0.1, with its own data folder, config and Erlang cookie, and the management UI on
 * http://localhost:15672 (guest/guest, which RabbitMQ admits from loopback only). epmd, Erlang's
 * port mapper, is started first (a running one is reused). Ports shift with LOCAL_PORT_OFFSET,
 * and the node name with them, so a second stack runs a node of its own.
 */
import { execFile } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { startManagedProcess } from '../runtime/managed-process';
import { isHttpUp } from '../runtime/ports';

const run = promisify(execFile);

/** Where Debian's package puts the server script (the one in /usr/sbin switches to the rabbitmq user). */
const SERVER_SCRIPTS = ['/usr/lib/rabbitmq/bin/rabbitmq-server', '/usr/sbin/rabbitmq-server'];

export interface RabbitMqBrokerOptions {
  port: number;
  managementPort: number;
  distributionPort: number;
  dataDir: string;
  logFile: string;
  log: (line: string) => void;
}

export interface RabbitMqBroker {
  url: string;
  managementUrl: string;
  pid: number;
  stop(): Promise<void>;
}

/** The server script, or an error that says how to install it. */
export function rabbitMqServerScript(): string {
  const script = SERVER_SCRIPTS.find((candidate) => existsSync(candidate));
  if (!script) throw new Error('RabbitMQ is not installed: apt-get install rabbitmq-server (Debian/Ubuntu), or see README "What the machine needs"');
  return script;
}

/**
 * Starts the node and resolves once its management API answers (the AMQP listener is up by then).
 *
 * @example
 * const broker = await startRabbitMqBroker({ port: 5672, managementPort: 15672, distributionPort: 25672, dataDir, logFile, log: console.log });
 */
export async function startRabbitMqBroker(options: RabbitMqBrokerOptions): Promise<RabbitMqBroker> {
  const script = rabbitMqServerScript();
  await run('epmd', ['-daemon']).catch((error: unknown) => {
    throw new Error(`could not start epmd (Erlang's port mapper, part of the erlang packages rabbitmq-server installs): ${(error as Error).message}`);
  });
  const configFile = path.join(options.dataDir, 'rabbitmq.conf');
  const pluginsFile = path.join(options.dataDir, 'enabled_plugins');
  writeFileSync(configFile, brokerConfig(options));
  writeFileSync(pluginsFile, '[rabbitmq_management].\n');
  const managementUrl = `http://localhost:${options.managementPort}`;
  options.log(`starting RabbitMQ on 127.0.0.1:${options.port} (management ${managementUrl})...`);
  const node = await startManagedProcess({
    name: 'RabbitMQ',
    command: script,
    args: [],
    env: {
      ...process.env,
      // The Erlang cookie lives in $HOME: the node's own folder, not the user's.
      HOME: options.dataDir,
      RABBITMQ_NODENAME: `invoices-${options.port}@localhost`,
      RABBITMQ_CONFIG_FILE: configFile,
      RABBITMQ_ENABLED_PLUGINS_FILE: pluginsFile,
      RABBITMQ_MNESIA_BASE: path.join(options.dataDir, 'mnesia'),
      RABBITMQ_LOG_BASE: path.join(options.dataDir, 'log'),
      RABBITMQ_DIST_PORT: String(options.distributionPort),
    },
    logFile: options.logFile,
    isReady: () => isHttpUp(`${managementUrl}/api/health/checks/alarms`, 1000, { authorization: GUEST_AUTHORIZATION }),
    readyTimeoutMs: 90_000,
    // The server script stops the node cleanly on SIGTERM (quorum queues write their state).
    stopTimeoutMs: 30_000,
  });
  return { url: `amqp://guest:guest@127.0.0.1:${options.port}`, managementUrl, pid: node.pid, stop: node.stop };
}

export const GUEST_AUTHORIZATION = `Basic ${Buffer.from('guest:guest').toString('base64')}`;

function brokerConfig(options: RabbitMqBrokerOptions): string {
  return [
    '# Written by localstack/rabbitmq/rabbitmq-broker.ts: one local node, loopback only.',
    `listeners.tcp.default = 127.0.0.1:${options.port}`,
    'management.tcp.ip = 127.0.0.1',
    `management.tcp.port = ${options.managementPort}`,
    // A shared, noisy machine: do not refuse publishes while the disk has a few GiB free.
    'disk_free_limit.absolute = 200MB',
    '',
  ].join('\n');
}
