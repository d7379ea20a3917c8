/**
 * CPU used by each part of the local stack over a stretch of time, read from /proc (Linux):
 * which process is busy while the pipeline runs is what says whether our code or an
 * emulator holds the rate down. Elsewhere the samples are empty and nothing is reported.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/** The parts of the stack, by what their command line says. The first match wins. */
export const STACK_PARTS: ReadonlyArray<{ part: string; pattern: RegExp }> = [
  { part: 'DynamoDB Local', pattern: /dynamodbv2\.local|DynamoDBLocal/ },
  { part: 'serverless-offline (validator)', pattern: /serverless\.js offline/ },
  { part: 'bench (trigger, polling)', pattern: /bench\/run\.ts/ },
  { part: 'Kafka broker', pattern: /kafka\.Kafka/ },
  { part: 'RabbitMQ broker', pattern: /beam\.smp.*rabbitmq/ },
  { part: 'LocalStack', pattern: /localstack\.runtime\.main/ },
];

export interface CpuSample {
  atMs: number;
  /** CPU seconds used so far, by pid, with the part of the stack it belongs to. */
  processes: Map<number, { part: string; cpuSeconds: number }>;
}

export interface PartCpu {
  part: string;
  /** Average cores busy over the stretch (1 = one core all the time). */
  cores: number;
}

let ticksPerSecond: number | undefined;

function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

export function partOf(commandLine: string): string | undefined {
  return STACK_PARTS.find(({ pattern }) => pattern.test(commandLine))?.part;
}

/** utime + stime in seconds from the text of /proc/<pid>/stat (the command may hold spaces and parentheses). */
export function cpuSecondsFromStat(stat: string, ticks: number): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After "pid (comm) ", field 3 (state) is index 0, so utime (14) and stime (15) are 11 and 12.
  return (Number(fields[11]) + Number(fields[12])) / ticks;
}

export function sampleCpu(): CpuSample {
  const processes = new Map<number, { part: string; cpuSeconds: number }>();
  const atMs = performance.now();
  if (!existsSync('/proc/self/stat')) return { atMs, processes };
  const ticks = clockTicks();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const part = partOf(readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' '));
      if (!part) continue;
      processes.set(Number(entry), { part, cpuSeconds: cpuSecondsFromStat(readFileSync(`/proc/${entry}/stat`, 'utf8'), ticks) });
    } catch {
      // The process ended between listing and reading: it used no CPU worth counting here.
    }
  }
  return { atMs, processes };
}

/** Cores each part kept busy between two samples, busiest first; a process started in between counts from zero. */
export function cpuBetween(before: CpuSample, after: CpuSample): PartCpu[] {
  const seconds = (after.atMs - before.atMs) / 1000;
  if (seconds <= 0 || after.processes.size === 0) return [];
  const used = new Map<string, number>();
  for (const [pid, { part, cpuSeconds }] of after.processes) {
    const earlier = before.processes.get(pid)?.cpuSeconds ?? 0;
    used.set(part, (used.get(part) ?? 0) + Math.max(cpuSeconds - earlier, 0));
  }
  return [...used].map(([part, cpuSeconds]) => ({ part, cores: cpuSeconds / seconds })).sort((a, b) => b.cores - a.cores);
}

const IDLE_CORES = 0.3;
const IDLE_SAMPLE_MS = 2000;
const IDLE_WAIT_MS = 120_000;

/**
 * Waits until the stack's processes together use under 0.3 of a core over a 2 s sample (the
 * quarantine of earlier work, a JIT, a bundling serverless-offline have settled), at most two
 * minutes; resolves with how long it waited and whether the stack was idle by then.
 */
export async function waitForIdleStack(): Promise<{ waitedMs: number; idle: boolean; cores: number }> {
  const started = Date.now();
  for (;;) {
    const before = sampleCpu();
    await new Promise((resolve) => setTimeout(resolve, IDLE_SAMPLE_MS));
    const cores = cpuBetween(before, sampleCpu())
      .filter(({ part }) => part !== 'bench (trigger, polling)')
      .reduce((sum, { cores: used }) => sum + used, 0);
    const waitedMs = Date.now() - started;
    if (cores < IDLE_CORES || waitedMs > IDLE_WAIT_MS) return { waitedMs, idle: cores < IDLE_CORES, cores };
  }
}
