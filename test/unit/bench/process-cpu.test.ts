import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpuBetween, cpuSecondsFromStat, partOf, sampleCpu, type CpuSample } from '../../../bench/support/process-cpu';

const sample = (atMs: number, processes: Array<[number, string, number]>): CpuSample => ({
  atMs,
  processes: new Map(processes.map(([pid, part, cpuSeconds]) => [pid, { part, cpuSeconds }])),
});

describe('partOf', () => {
  it.each([
    ['java -Xmx1g -cp /root/.cache/invoice-pipeline/dynamodb-local-1/* com.amazonaws.services.dynamodbv2.local.main.ServerRunner -port 8000', 'DynamoDB Local'],
    ['/work/node_modules/node/bin/node /work/node_modules/osls/bin/serverless.js offline start --httpPort 3000', 'serverless-offline (validator)'],
    ['java -Xms256m -cp /cache/kafka/* kafka.Kafka /work/.local/kafka/server.properties', 'Kafka broker'],
    ['/work/localstack/.venv/bin/python -m localstack.runtime.main', 'LocalStack'],
    ['node --import tsx bench/run.ts --quick', 'bench (trigger, polling)'],
  ])('names %s', (commandLine, part) => {
    expect(partOf(commandLine)).toBe(part);
  });

  it('ignores processes outside the stack', () => {
    expect(partOf('/usr/bin/bash')).toBeUndefined();
  });
});

describe('cpuSecondsFromStat', () => {
  it('adds user and system time, even when the command name holds spaces and parentheses', () => {
    const stat = '4242 (node (tsx) x) S 1 4242 4242 0 -1 4194304 100 0 0 0 250 50 0 0 20 0 11 0 1000 0 0';
    expect(cpuSecondsFromStat(stat, 100)).toBe(3);
  });
});

describe('cpuBetween', () => {
  it('averages the cores each part used, busiest first, counting new processes from zero', () => {
    const before = sample(0, [
      [1, 'DynamoDB Local', 10],
      [2, 'serverless-offline (validator)', 5],
    ]);
    const after = sample(4000, [
      [1, 'DynamoDB Local', 13.6],
      [2, 'serverless-offline (validator)', 6],
      [3, 'serverless-offline (validator)', 1],
    ]);
    expect(cpuBetween(before, after)).toEqual([
      { part: 'DynamoDB Local', cores: expect.closeTo(0.9, 5) },
      { part: 'serverless-offline (validator)', cores: expect.closeTo(0.5, 5) },
    ]);
  });

  it('reports nothing when there was nothing to read (no /proc) or no time passed', () => {
    expect(cpuBetween(sample(0, []), sample(1000, []))).toEqual([]);
    expect(cpuBetween(sample(5, [[1, 'LocalStack', 1]]), sample(5, [[1, 'LocalStack', 2]]))).toEqual([]);
  });
});

const onLinux = existsSync('/proc/self/stat') ? describe : describe.skip;

onLinux('sampleCpu', () => {
  it('finds a running process of the stack by its command line, with the CPU it has used', async () => {
    // A stand-in whose command line names DynamoDB Local: busy for a moment, then idle.
    const child = spawn(process.execPath, ['-e', 'const end = Date.now() + 300; while (Date.now() < end); setTimeout(() => {}, 10000)', 'DynamoDBLocal'], { stdio: 'ignore' });
    try {
      await new Promise((resolve) => setTimeout(resolve, 600));
      const found = sampleCpu().processes.get(child.pid as number);
      expect(found?.part).toBe('DynamoDB Local');
      expect(found?.cpuSeconds).toBeGreaterThan(0);
    } finally {
      child.kill();
    }
  });
});
