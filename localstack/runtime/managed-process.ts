/**
 * A long-running service process of the local stack (Kafka, LocalStack, DynamoDB Local):
 * started with its output in a log file, waited on until it is ready, and stopped with
 * SIGTERM (its own clean shutdown) and then SIGKILL if it does not exit in time.
 */
import { spawn } from 'node:child_process';
import { openSync } from 'node:fs';

export interface ManagedProcessOptions {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  logFile: string;
  /** Resolves true once the service answers. */
  isReady: () => Promise<boolean>;
  readyTimeoutMs: number;
  stopTimeoutMs?: number;
}

export interface ManagedProcess {
  pid: number;
  /** Safe to pass around on its own: it needs no `this`. */
  stop: () => Promise<void>;
}

/**
 * Starts the process and resolves once isReady() says so; rejects (after stopping it)
 * when it exits early or is not ready in time, naming the log file to read.
 *
 * @example
 * const broker = await startManagedProcess({ name: 'Kafka', command: 'java', args, logFile, isReady: () => isPortOpen(9092), readyTimeoutMs: 60_000 });
 */
export async function startManagedProcess(options: ManagedProcessOptions): Promise<ManagedProcess> {
  const log = openSync(options.logFile, 'a');
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', log, log],
    // A group of its own: the terminal's Ctrl-C reaches npm start alone, which then stops the
    // services in order (the invalid channel drained and the queues kept before LocalStack goes).
    detached: true,
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let spawnError: Error | undefined;
  child.once('error', (error) => {
    spawnError = error;
  });

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), options.stopTimeoutMs ?? 15_000);
    await exited;
    clearTimeout(timer);
  };

  const deadline = Date.now() + options.readyTimeoutMs;
  for (;;) {
    if (spawnError) throw new Error(`${options.name} could not be started (${options.command}): ${spawnError.message}`);
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${options.name} exited (${child.signalCode ?? `code ${child.exitCode}`}) before it was ready; see ${options.logFile}`);
    }
    if (await options.isReady()) return { pid: child.pid ?? -1, stop };
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${options.name} was not ready after ${options.readyTimeoutMs / 1000} s; see ${options.logFile}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
