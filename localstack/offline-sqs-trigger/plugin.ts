/**
 * serverless-offline plugin: an SQS trigger for functions with `sqs` events. When
 * `osls offline start` runs, it starts one in-process poller per trigger that invokes the
 * function through serverless-offline's Lambda API with the event Lambda sends for SQS,
 * and deletes the messages the way an event source mapping does.
 */
import { lambdaResultInvoker } from '../offline-lambda-invoker';
import { offlineLambdaPort } from '../runtime/trigger-processes';
import { SqsTriggerPoller, type SqsTriggerLogLine } from './sqs-trigger-poller';
import {
  readSqsTriggerSettings,
  type CloudFormationResourceLike,
  type ServerlessFunctionLike,
  type SqsTriggerSettings,
} from './sqs-trigger-settings';

interface ServerlessLike {
  service: {
    functions?: Record<string, ServerlessFunctionLike>;
    custom?: Record<string, unknown>;
    resources?: { Resources?: Record<string, CloudFormationResourceLike> };
  };
}

interface PluginLogger {
  notice(message: string): void;
}

/** Registered in serverless.yml after serverless-offline: `- ./localstack/offline-sqs-trigger/index.cjs`. */
export class OfflineSqsTrigger {
  readonly hooks: Record<string, () => Promise<void>>;
  private readonly pollers: SqsTriggerPoller[] = [];

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
    // A second serverless-offline beside the stack's (another transport's, in a test or the
    // bench) leaves the shared invalid channel to the first: when it stops, an aborted long poll
    // can still take a message server-side and hide it for the visibility timeout.
    if (process.env.OFFLINE_SQS_TRIGGER === 'off') {
      this.utils.log.notice('SQS trigger: off in this serverless-offline (OFFLINE_SQS_TRIGGER=off); another one polls the queues');
      return;
    }
    const { functions = {}, resources } = this.serverless.service;
    const triggers = readSqsTriggerSettings(functions, resources?.Resources ?? {});
    const lambdaEndpoint = `http://127.0.0.1:${offlineLambdaPort(this.serverless.service.custom, this.cliOptions)}`;
    for (const settings of triggers) {
      this.utils.log.notice(`SQS trigger: ${settings.functionKey} <- queue ${settings.queueName} (${describe(settings)})`);
      const poller = new SqsTriggerPoller({ settings, invoke: lambdaResultInvoker(lambdaEndpoint, settings.functionName), log: writeLine });
      poller.start();
      this.pollers.push(poller);
    }
  }

  private async stop(): Promise<void> {
    await Promise.all(this.pollers.splice(0).map((poller) => poller.stop()));
  }
}

function describe(settings: SqsTriggerSettings): string {
  const parts = [`batch ${settings.batchSize}`];
  if (settings.maximumBatchingWindowInSeconds > 0) parts.push(`window ${settings.maximumBatchingWindowInSeconds}s`);
  if (settings.reportBatchItemFailures) parts.push('ReportBatchItemFailures');
  return parts.join(', ');
}

/** One JSON line per event on stdout, like the Kafka trigger, so both can be grepped alike. */
function writeLine(line: SqsTriggerLogLine): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}
