/** The facts of the machine a run measured, for the JSON and the summary. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MachineFacts } from '../report/results';

const KAFKA_POM = path.resolve(__dirname, '..', '..', 'localstack', 'kafka', 'pom.xml');

export function machineFacts(): MachineFacts {
  const cpus = os.cpus();
  return {
    cpus: os.availableParallelism(),
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGiB: os.totalmem() / 1024 ** 3,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    kafka: kafkaVersion(),
    kcat: kcatVersion() ?? 'not installed',
    loadAverage: { start: os.loadavg()[0] ?? 0 },
  };
}

/** The 1-minute load average now. */
export function loadAverage(): number {
  return os.loadavg()[0] ?? 0;
}

/** The version `npm start` runs (from its Maven pom); a broker found running may differ. */
function kafkaVersion(): string {
  try {
    const pom = readFileSync(KAFKA_POM, 'utf8');
    const version = /<artifactId>kafka_2\.13<\/artifactId>\s*<version>([^<]+)<\/version>/.exec(pom)?.[1];
    return version ? `Apache Kafka ${version} (KRaft, one node)` : 'unknown';
  } catch {
    return 'unknown';
  }
}

/** kcat's version and its librdkafka, or undefined when kcat is not installed. */
export function kcatVersion(): string | undefined {
  try {
    const text = execFileSync('kcat', ['-V'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const match = /Version (\S+) .*?librdkafka (\S+)/s.exec(text);
    return match ? `kcat ${match[1]}, librdkafka ${match[2]}` : text.split('\n')[0]?.trim();
  } catch {
    return undefined;
  }
}
