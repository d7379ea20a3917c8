/**
 * The settings of one RabbitMQ trigger, read from a function's `rabbitmq` event in
 * serverless.yml (osls's names), with the defaults and ranges of Lambda's Amazon MQ event
 * source mapping (AWS Lambda DG "Using Lambda with Amazon MQ": batch size 1 to 10,000,
 * default 100; batching window 0 to 300 s, default 500 ms; at most 6 MB per invocation).
 */
import { z } from 'zod';

export interface RabbitMqTriggerSettings {
  functionKey: string;
  functionName: string;
  /** The broker ARN Lambda names in the event (eventSourceArn). */
  brokerArn: string;
  queue: string;
  virtualHost: string;
  batchSize: number;
  maximumBatchingWindowInSeconds: number;
}

export interface ServerlessFunctionLike {
  name?: string;
  events?: Array<Record<string, unknown>>;
}

export const DEFAULT_BATCHING_WINDOW_SECONDS = 0.5;
/** Lambda's synchronous invocation payload limit. */
export const MAX_EVENT_BYTES = 6 * 1024 * 1024;

const rabbitMqEventSchema = z.object({
  arn: z.string().min(1),
  queue: z.string().min(1),
  virtualHost: z.string().default('/'),
  basicAuthArn: z.string().min(1),
  batchSize: z.number().int().min(1).max(10_000).default(100),
  maximumBatchingWindow: z.number().min(0).max(300).default(DEFAULT_BATCHING_WINDOW_SECONDS),
  enabled: z.boolean().default(true),
});

/** Every enabled `rabbitmq` event of every function; throws naming the function whose event is malformed. */
export function readRabbitMqTriggerSettings(functions: Record<string, ServerlessFunctionLike>): RabbitMqTriggerSettings[] {
  return Object.entries(functions).flatMap(([functionKey, fn]) =>
    (fn.events ?? []).flatMap((event) => {
      if (!('rabbitmq' in event)) return [];
      const parsed = rabbitMqEventSchema.safeParse(event.rabbitmq);
      if (!parsed.success) throw new Error(`${functionKey}: its rabbitmq event is not valid: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
      const settings = parsed.data;
      if (!settings.enabled) return [];
      return [
        {
          functionKey,
          functionName: fn.name ?? functionKey,
          brokerArn: settings.arn,
          queue: settings.queue,
          virtualHost: settings.virtualHost,
          batchSize: settings.batchSize,
          maximumBatchingWindowInSeconds: settings.maximumBatchingWindow,
        },
      ];
    }),
  );
}
