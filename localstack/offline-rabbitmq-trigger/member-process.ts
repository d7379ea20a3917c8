/**
 * Entry point of one consumer process, started by the plugin: one consumer per trigger, each
 * on its own connection. A process of its own, so that killing it (even with kill -9) behaves
 * like losing a Lambda poller: the broker hands its unacked messages to the other consumers.
 */
import { rabbitMqConnectOptions } from '../../lib/adapters/rabbitmq/rabbitmq-connection';
import { getConfig } from '../../lib/config';
import { lambdaResultInvoker } from '../offline-lambda-invoker';
import { RabbitMqTriggerConsumer, type RabbitMqTriggerLogLine } from './queue-consumer';
import type { RabbitMqTriggerSettings } from './trigger-settings';

interface ConsumerSpec {
  consumerId: string;
  lambdaEndpoint: string;
  triggers: RabbitMqTriggerSettings[];
}

async function main(): Promise<void> {
  const spec = JSON.parse(process.env.RABBITMQ_TRIGGER_CONSUMER_SPEC ?? '') as ConsumerSpec;
  const log = (line: RabbitMqTriggerLogLine) => process.stdout.write(`${JSON.stringify({ trigger: 'rabbitmq', ...line })}\n`);
  const connectOptions = await rabbitMqConnectOptions(getConfig());
  const consumers = spec.triggers.map(
    (settings) =>
      new RabbitMqTriggerConsumer({
        consumerId: spec.consumerId,
        settings,
        connectOptions,
        invoke: lambdaResultInvoker(spec.lambdaEndpoint, settings.functionName),
        log,
        logMessageIds: process.env.RABBITMQ_TRIGGER_LOG_MESSAGE_IDS === '1',
        ...retryDelayOverride(),
      }),
  );
  const stop = async () => {
    await Promise.allSettled(consumers.map((consumer) => consumer.stop()));
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  process.on('disconnect', () => void stop());
  await Promise.all(consumers.map((consumer) => consumer.start()));
}

/** RABBITMQ_TRIGGER_RETRY_DELAY_MS: a drill hands failed batches back sooner, to reach the delivery limit in seconds. */
function retryDelayOverride(): { backoff?: { initialMs: number; maxMs: number } } {
  const ms = Number(process.env.RABBITMQ_TRIGGER_RETRY_DELAY_MS ?? '');
  return Number.isFinite(ms) && ms > 0 ? { backoff: { initialMs: ms, maxMs: ms } } : {};
}

main().catch((error: unknown) => {
  process.stderr.write(`rabbitmq trigger consumer failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
