/**
 * serverless-offline plugin: a RabbitMQ trigger for functions with `rabbitmq` events (Lambda's
 * Amazon MQ event source mapping). When `osls offline start` runs, it starts N consumer
 * processes (N from RABBITMQ_TRIGGER_CONSUMERS, default 1), competing for each queue's
 * messages, that invoke the functions through serverless-offline's Lambda API with the exact
 * event Lambda sends for RabbitMQ (rmq-event.ts). Neither serverless-offline nor LocalStack
 * has an MQ trigger of its own.
 */
import path from 'node:path';
import { offlineLambdaPort, TriggerProcesses, type PluginLogger, type ServerlessServiceLike } from '../runtime/trigger-processes';
import { readRabbitMqTriggerSettings, type RabbitMqTriggerSettings, type ServerlessFunctionLike } from './trigger-settings';

type ServerlessLike = ServerlessServiceLike<ServerlessFunctionLike>;

export class OfflineRabbitMqTrigger {
  readonly hooks: Record<string, () => Promise<void>>;
  private readonly consumers: TriggerProcesses;

  constructor(
    private readonly serverless: ServerlessLike,
    private readonly cliOptions: Record<string, unknown>,
    private readonly utils: { log: PluginLogger },
  ) {
    this.consumers = new TriggerProcesses({
      trigger: 'rabbitmq',
      idField: 'consumer',
      entry: path.join(__dirname, 'member-process.ts'),
      specVariable: 'RABBITMQ_TRIGGER_CONSUMER_SPEC',
      onLoss: (id, pid, how) => this.utils.log.warning(`RabbitMQ trigger ${id} (pid ${pid}) exited (${how}); the broker gives its unacked messages to the other consumers, and a replacement starts.`),
    });
    this.hooks = {
      'offline:start:init': () => Promise.resolve(this.start()),
      'offline:start:end': () => this.consumers.stop(),
    };
  }

  private start(): void {
    const triggers = withWindowOverride(readRabbitMqTriggerSettings(this.serverless.service.functions ?? {}));
    if (triggers.length === 0) return;
    const count = Number(process.env.RABBITMQ_TRIGGER_CONSUMERS ?? 1);
    const lambdaEndpoint = `http://127.0.0.1:${offlineLambdaPort(this.serverless.service.custom, this.cliOptions)}`;
    for (const trigger of triggers) {
      this.utils.log.notice(
        `RabbitMQ trigger: ${trigger.functionKey} <- queue ${trigger.queue} (vhost ${trigger.virtualHost}, batch ${trigger.batchSize}, window ${trigger.maximumBatchingWindowInSeconds}s), ${count} competing consumer(s); a failed batch goes back to the queue`,
      );
    }
    for (let index = 1; index <= count; index += 1) this.consumers.start(`consumer-${index}`, (consumerId) => ({ consumerId, lambdaEndpoint, triggers }));
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
