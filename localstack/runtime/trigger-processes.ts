/**
 * The processes of a local trigger (Kafka's group members, RabbitMQ's consumers), one per
 * poller, as Lambda runs pollers: each is forked with its spec in an environment variable, its
 * output passed on, and, when it dies unasked (a kill -9 in a drill), replaced after a pause
 * by a new one named `<id>-rN`. Stopping sends SIGTERM, then SIGKILL after 10 s.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface TriggerProcessOptions {
  /** `kafka` or `rabbitmq`: the `trigger` field of the started line. */
  trigger: string;
  /** The name the started line gives the id under (`member`, `consumer`). */
  idField: string;
  /** The TypeScript entry each process runs (with tsx). */
  entry: string;
  /** The environment variable that carries a process's spec (JSON). */
  specVariable: string;
  /** Says what happens to a lost process's work, for the warning. */
  onLoss: (id: string, pid: number | undefined, how: string) => void;
}

const REPLACEMENT_DELAY_MS = 2_000;

export class TriggerProcesses {
  private readonly children = new Map<string, ChildProcess>();
  private stopping = false;
  private replacements = 0;

  constructor(private readonly options: TriggerProcessOptions) {}

  /** Forks one process; `specFor(id)` is its spec (replacements get theirs with the new id). */
  start(id: string, specFor: (id: string) => unknown): void {
    const { options } = this;
    const child = fork(options.entry, [], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, [options.specVariable]: JSON.stringify(specFor(id)) },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    this.children.set(id, child);
    for (const stream of [child.stdout, child.stderr]) {
      if (stream) createInterface({ input: stream }).on('line', (line) => process.stdout.write(`${line}\n`));
    }
    child.on('exit', (code, signal) => {
      this.children.delete(id);
      if (this.stopping || (code === 0 && !signal)) return;
      options.onLoss(id, child.pid, signal ?? `code ${code}`);
      const replacement = `${id.replace(/-r\d+$/, '')}-r${(this.replacements += 1)}`;
      setTimeout(() => {
        if (!this.stopping) this.start(replacement, specFor);
      }, REPLACEMENT_DELAY_MS).unref();
    });
    process.stdout.write(`${JSON.stringify({ trigger: options.trigger, [options.idField]: id, event: 'started', pid: child.pid })}\n`);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    const exits = [...this.children.values()].map(
      (child) =>
        new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
          setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
        }),
    );
    await Promise.all(exits);
  }
}

/** The port of serverless-offline's Lambda API: the command line's, serverless.yml's, or 3002. */
export function offlineLambdaPort(custom: Record<string, unknown> | undefined, cliOptions: Record<string, unknown>): number {
  const offline = (custom?.['serverless-offline'] ?? {}) as { lambdaPort?: number };
  return Number(cliOptions.lambdaPort ?? offline.lambdaPort ?? 3002);
}

/** What a trigger plugin reads of serverless's service: its functions and custom section. */
export interface ServerlessServiceLike<TFunction> {
  service: {
    functions?: Record<string, TFunction>;
    custom?: Record<string, unknown>;
  };
}

/** The part of serverless's plugin logger the triggers use. */
export interface PluginLogger {
  notice(message: string): void;
  warning(message: string): void;
}
