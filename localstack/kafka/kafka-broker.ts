/**
 * The local Apache Kafka: one KRaft node (broker and controller in one JVM) on
 * 127.0.0.1, run from the Kafka jars Maven fetches from Maven Central (kafka/pom.xml),
 * cached outside the repository. Needs a JDK 17+ and Maven.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fetchMavenDependencies, runCommand } from '../runtime/commands';
import { startManagedProcess } from '../runtime/managed-process';
import { isPortOpen } from '../runtime/ports';
import { digestOf, isInstalled, markInstalled, toolCacheDir } from '../runtime/tool-cache';

const POM = path.join(__dirname, 'pom.xml');
const LOG4J_CONFIG = path.join(__dirname, 'log4j2.properties');

export interface KafkaBrokerOptions {
  port: number;
  controllerPort: number;
  dataDir: string;
  logFile: string;
  log: (line: string) => void;
}

export interface KafkaBroker {
  bootstrap: string;
  pid: number;
  stop(): Promise<void>;
}

/** The folder of Kafka jars for this pom; fetched with Maven the first time. */
export async function installKafka(log: (line: string) => void): Promise<string> {
  const digest = digestOf(POM);
  const libs = toolCacheDir(`kafka-${digest}`);
  if (isInstalled(libs, digest)) return libs;
  log(`fetching Apache Kafka jars from Maven Central into ${libs} (once)...`);
  await fetchMavenDependencies(POM, libs);
  markInstalled(libs, digest);
  return libs;
}

/**
 * Formats the data folder when it is new and starts the node; resolves once the broker
 * port accepts connections.
 *
 * @example
 * const broker = await startKafkaBroker({ port: 9092, controllerPort: 9093, dataDir, logFile, log: console.log });
 */
export async function startKafkaBroker(options: KafkaBrokerOptions): Promise<KafkaBroker> {
  const libs = await installKafka(options.log);
  const classpath = `${libs}/*`;
  const config = path.join(options.dataDir, 'server.properties');
  writeFileSync(config, serverProperties(options));
  if (!existsSync(path.join(options.dataDir, 'logs', 'meta.properties'))) {
    await runCommand('java', ['-cp', classpath, 'kafka.tools.StorageTool', 'format', `--cluster-id=${clusterId()}`, '--config', config]);
  }
  options.log(`starting Kafka on 127.0.0.1:${options.port}...`);
  const broker = await startManagedProcess({
    name: 'Kafka',
    command: 'java',
    args: [
      '-Xms256m',
      '-Xmx1g',
      '-XX:+UseG1GC',
      '-Djava.awt.headless=true',
      `-Dlog4j2.configurationFile=${LOG4J_CONFIG}`,
      '-cp',
      classpath,
      'kafka.Kafka',
      config,
    ],
    logFile: options.logFile,
    isReady: () => isPortOpen(options.port),
    readyTimeoutMs: 90_000,
    stopTimeoutMs: 20_000,
  });
  return { bootstrap: `127.0.0.1:${options.port}`, pid: broker.pid, stop: broker.stop };
}

/**
 * A KRaft cluster id: 16 random bytes, base64url without padding (what kafka-storage random-uuid
 * prints). Never one that starts with '-': kafka-storage would read it as an option and refuse
 * to format (one id in 64 did; Kafka's own Uuid.randomUuid avoids them the same way).
 */
export function clusterId(): string {
  for (;;) {
    const id = Buffer.from(randomUUID().replace(/-/g, ''), 'hex').toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

function serverProperties(options: KafkaBrokerOptions): string {
  return [
    '# Written by localstack/kafka/kafka-broker.ts: one node, broker and controller.',
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${options.controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${options.port},CONTROLLER://127.0.0.1:${options.controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${options.port}`,
    'controller.listener.names=CONTROLLER',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    `log.dirs=${path.join(options.dataDir, 'logs')}`,
    'num.partitions=6',
    // One node: the internal topics cannot have more than one replica.
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=6',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    // Consumers join at once instead of waiting 3 s for others: faster tests and restarts.
    'group.initial.rebalance.delay.ms=0',
    // Topics are provisioned from lib/resources.json; a typo must not create a new one.
    'auto.create.topics.enable=false',
    '',
  ].join('\n');
}
