/**
 * serverless-offline plugin: a RabbitMQ trigger for functions with `rabbitmq` events (Lambda's
 * Amazon MQ event source mapping). When `osls offline start` runs, it starts N consumer
 * processes (N from RABBITMQ_TRIGGER_CONSUMERS, default 1), competing for each queue's
 * messages, that invoke the functions through serverless-offline's Lambda API with the exact
 * event Lambda sends for RabbitMQ (rmq-event.ts). Neither serverless-offline nor LocalStack
 * has an MQ trigger of its own.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { readRabbitMqTriggerSettings, type RabbitMqTriggerSettings, type ServerlessFunctionLike } from './trigger-settings';

interface ServerlessLike {
  service: {
    functions?: Record<string, ServerlessFunctionLike>;
    custom?: Record<string, unknown>;
  };
}

interface PluginLogger {
  notice(message: string): void;
  warning(message: string): void;
}

const CONSUMER_ENTRY = path.join(__dirname, 'member-process.ts');
const REPLACEMENT_DELAY_MS = 2_000;

export class OfflineRabbitMqTrigger {
  readonly hooks: Record<string, () => Promise<void>>;
  private readonly consumers = new Map<string, ChildProcess>();
  private stopping = false;
  private replacements = 0;

  constructor(
    private readonly serverless: ServerlessLike,
    private readonly cliOptions: Record<string, unknown>,
    private readonly utils: { log: PluginLogger },
  ) {
    this.hooks = {
      'offline:start:init': () => Promise.resolve(this.start()),
      'offline:start:end': () => this.stop(),
    };
  }

  private start(): void {
    const triggers = withWindowOverride(readRabbitMqTriggerSettings(this.serverless.service.functions ?? {}));
    if (triggers.length === 0) return;
    const count = Number(process.env.RABBITMQ_TRIGGER_CONSUMERS ?? 1);
    const lambdaEndpoint = `http://127.0.0.1:${this.lambdaPort()}`;
    for (const trigger of triggers) {
      this.utils.log.notice(
        `RabbitMQ trigger: ${trigger.functionKey} <- queue ${trigger.queue} (vhost ${trigger.virtualHost}, batch ${trigger.batchSize}, window ${trigger.maximumBatchingWindowInSeconds}s), ${count} competing consumer(s); a failed batch goes back to the queue`,
      );
    }
    for (let index = 1; index <= count; index += 1) this.startConsumer(`consumer-${index}`, lambdaEndpoint, triggers);
  }

  private startConsumer(consumerId: string, lambdaEndpoint: string, triggers: RabbitMqTriggerSettings[]): void {
    const child = fork(CONSUMER_ENTRY, [], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, RABBITMQ_TRIGGER_CONSUMER_SPEC: JSON.stringify({ consumerId, lambdaEndpoint, triggers }) },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    this.consumers.set(consumerId, child);
    for (const stream of [child.stdout, child.stderr]) {
      if (stream) createInterface({ input: stream }).on('line', (line) => process.stdout.write(`${line}\n`));
    }
    child.on('exit', (code, signal) => {
      this.consumers.delete(consumerId);
      if (this.stopping || (code === 0 && !signal)) return;
      this.utils.log.warning(`RabbitMQ trigger ${consumerId} (pid ${child.pid}) exited (${signal ?? `code ${code}`}); the broker gives its unacked messages to the other consumers, and a replacement starts.`);
      const replacement = `${consumerId.replace(/-r\d+$/, '')}-r${(this.replacements += 1)}`;
      setTimeout(() => {
        if (!this.stopping) this.startConsumer(replacement, lambdaEndpoint, triggers);
      }, REPLACEMENT_DELAY_MS).unref();
    });
    process.stdout.write(`${JSON.stringify({ trigger: 'rabbitmq', consumer: consumerId, event: 'started', pid: child.pid })}\n`);
  }

  private async stop(): Promise<void> {
    this.stopping = true;
    const exits = [...this.consumers.values()].map(
      (child) =>
        new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
          setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
        }),
    );
    await Promise.all(exits);
  }

  private lambdaPort(): number {
    const offline = (this.serverless.service.custom?.['serverless-offline'] ?? {}) as { lambdaPort?: number };
    return Number(this.cliOptions.lambdaPort ?? offline.lambdaPort ?? 3002);
  }
}

/** RABBITMQ_TRIGGER_BATCHING_WINDOW_S sets every mapping's batching window (0 to 300 s), for the bench. */
function withWindowOverride(triggers: RabbitMqTriggerSettings[]): RabbitMqTriggerSettings[] {
  const window = process.env.RABBITMQ_TRIGGER_BATCHING_WINDOW_S;
  if (window === undefined || window === '') return triggers;
  const seconds = Number(window);
  if (!Number.isFinite(seconds) || seconds < 0 || seconds > 300) throw new Error(`RABBITMQ_TRIGGER_BATCHING_WINDOW_S takes 0 to 300 seconds, not "${window}"`);
  return triggers.map((trigger) => ({ ...trigger, maximumBatchingWindowInSeconds: seconds }));
}
