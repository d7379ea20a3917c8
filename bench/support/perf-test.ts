/**
 * RabbitMQ's limit, measured with RabbitMQ's own PerfTest (com.rabbitmq:perf-test from Maven
 * Central) rather than our amqplib clients, as kcat measures Kafka's: persistent messages of
 * the corpus's mean size on a durable quorum queue of its own, publisher confirms, consumers
 * with manual acks. Publish first (the queue fills), then consume it empty, so each rate is
 * the broker's for that side alone, as with kcat's produce and consume.
 */
import path from 'node:path';
import { fetchMavenDependencies, runCommand } from '../../localstack/runtime/commands';
import { digestOf, isInstalled, markInstalled, toolCacheDir } from '../../localstack/runtime/tool-cache';
import type { Throughput } from '../report/results';

const POM = path.join(__dirname, '..', 'rabbitmq', 'pom.xml');

export interface PerfTestRun {
  publish: Throughput;
  consume: Throughput;
  tool: string;
}

/** PerfTest's jars, fetched with Maven the first time. */
export async function installPerfTest(log: (line: string) => void): Promise<string> {
  const digest = digestOf(POM);
  const libs = toolCacheDir(`rabbitmq-perf-test-${digest}`);
  if (isInstalled(libs, digest)) return libs;
  log(`fetching RabbitMQ PerfTest from Maven Central into ${libs} (once)...`);
  await fetchMavenDependencies(POM, libs);
  markInstalled(libs, digest);
  return libs;
}

export interface PerfTestPlan {
  uri: string;
  queue: string;
  messages: number;
  messageBytes: number;
  log: (line: string) => void;
}

/**
 * @example
 * const { publish, consume } = await perfTestLimits({ uri: 'amqp://guest:guest@127.0.0.1:5672', queue: 'bench-perf', messages: 100_000, messageBytes: 900, log });
 */
export async function perfTestLimits(plan: PerfTestPlan): Promise<PerfTestRun> {
  const libs = await installPerfTest(plan.log);
  const perfTest = (args: string[]) => runCommand('java', ['-Xmx512m', '-cp', `${libs}/*`, 'com.rabbitmq.perf.PerfTest', '--uri', plan.uri, '--queue', plan.queue, '--auto-delete', 'false', '--flag', 'persistent', '--quorum-queue', ...args]);
  // Publish only: one producer, up to 1,000 messages awaiting confirms (our publishers batch alike), no consumer.
  const published = await perfTest(['--producers', '1', '--consumers', '0', '--size', String(plan.messageBytes), '--confirm', '1000', '--pmessages', String(plan.messages), '--metrics-format', 'compact']);
  // Consume only: what is on the queue, manual acks every 100, prefetch 1,000.
  const consumed = await perfTest(['--producers', '0', '--consumers', '1', '--qos', '1000', '--multi-ack-every', '100', '--cmessages', String(plan.messages), '--metrics-format', 'compact']);
  return { publish: rateOf(published, 'sending', plan.messages), consume: rateOf(consumed, 'receiving', plan.messages), tool: 'RabbitMQ PerfTest 2.22.1 (com.rabbitmq:perf-test)' };
}

/** PerfTest's summary line: "sending rate avg: 12345 msg/s" (or "receiving rate avg"). */
export function rateOf(output: string, side: 'sending' | 'receiving', messages: number): Throughput {
  const match = new RegExp(`${side} rate avg: ([0-9.]+) msg/s`).exec(output);
  if (!match) throw new Error(`PerfTest printed no ${side} rate:\n${output.split('\n').slice(-15).join('\n')}`);
  const rate = Number(match[1]);
  return { items: messages, ms: (messages / rate) * 1000, rate };
}
