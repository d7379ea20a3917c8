/**
 * The broker's own limits, measured with kcat (librdkafka) rather than our kafkajs
 * clients: produce a file of records onto a topic, consume a topic from its beginning
 * to its end. Both time the whole kcat process, start-up and metadata included.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { BenchInvoice } from '../corpus/invoice-corpus';
import type { Throughput } from '../report/results';
import { ratePerSecond } from '../stats';

/**
 * Writes the corpus as kcat's input: `key<TAB>value` per line. JSON text never holds a
 * raw tab or newline (JSON.stringify escapes them), so neither delimiter can occur inside.
 */
export function writeKcatInput(file: string, corpus: readonly BenchInvoice[]): void {
  const lines = corpus.map((invoice) => Buffer.concat([Buffer.from(`${invoice.key}\t`), invoice.value, Buffer.from('\n')]));
  writeFileSync(file, Buffer.concat(lines));
}

/**
 * Produces the file with acks=all, as our producer does. kcat sets the same headers on
 * every record (it cannot vary them per line), with values as long as the real ones, so
 * the broker moves the same bytes.
 */
export async function kcatProduce(brokers: string, topic: string, file: string, records: number, headers: Record<string, string>): Promise<Throughput> {
  const headerArgs = Object.entries(headers).flatMap(([name, value]) => ['-H', `${name}=${value}`]);
  const args = ['-P', '-b', brokers, '-t', topic, '-K', '\t', '-l', file, '-X', 'acks=all', ...headerArgs];
  const { ms } = await runKcat(args);
  return { items: records, ms, rate: ratePerSecond(records, ms) };
}

/** Reads every partition from the beginning and exits at the end; counts the records it printed. */
export async function kcatConsume(brokers: string, topic: string): Promise<Throughput> {
  // A short fetch wait: by default the broker holds the fetch that finds a partition's end for 500 ms, which is kcat waiting, not the broker's limit.
  const { ms, lines } = await runKcat(['-C', '-b', brokers, '-t', topic, '-o', 'beginning', '-e', '-q', '-X', 'fetch.wait.max.ms=5', '-f', '%p\n']);
  return { items: lines, ms, rate: ratePerSecond(lines, ms) };
}

function runKcat(args: string[]): Promise<{ ms: number; lines: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('kcat', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let lines = 0;
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      for (const byte of chunk) if (byte === 0x0a) lines += 1;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once('error', reject);
    child.once('close', (code) => {
      const ms = performance.now() - started;
      if (code === 0) resolve({ ms, lines });
      else reject(new Error(`kcat ${args[0]} exited with ${code}: ${stderr.trim().slice(0, 300)}`));
    });
  });
}
