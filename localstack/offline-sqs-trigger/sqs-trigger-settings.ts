/**
 * The settings of one SQS trigger, read from a function's `sqs` event in serverless.yml
 * with the defaults AWS applies to an SQS event source mapping (batch 10, no batching
 * window, no partial batch responses). The queue is named by its ARN: a literal ARN, or
 * `Fn::GetAtt [LogicalId, Arn]` of a queue declared under `resources.Resources`.
 */
import { z } from 'zod';

export interface SqsTriggerSettings {
  functionKey: string;
  /** The deployed name, which serverless-offline's Lambda Invoke API knows the function by. */
  functionName: string;
  queueName: string;
  batchSize: number;
  maximumBatchingWindowInSeconds: number;
  reportBatchItemFailures: boolean;
}

export interface ServerlessFunctionLike {
  name?: string;
  events?: Array<Record<string, unknown>>;
}

export interface CloudFormationResourceLike {
  Type?: string;
  Properties?: Record<string, unknown>;
}

const DEFAULT_BATCH_SIZE = 10;

const getAttSchema = z.object({
  'Fn::GetAtt': z.union([z.tuple([z.string(), z.literal('Arn')]), z.string().regex(/^[^.]+\.Arn$/)]),
});

const queueArnSchema = z.union([z.string(), getAttSchema]);

const sqsEventObjectSchema = z.object({
  arn: queueArnSchema,
  batchSize: z.number().int().min(1).max(10_000).default(DEFAULT_BATCH_SIZE),
  maximumBatchingWindow: z.number().int().min(0).max(300).default(0),
  functionResponseType: z.literal('ReportBatchItemFailures').optional(),
  enabled: z.boolean().default(true),
});

// `sqs: <arn>` is shorthand for `sqs: { arn: <arn> }` with every default.
const sqsEventSchema = z.union([
  queueArnSchema.transform((arn) => sqsEventObjectSchema.parse({ arn })),
  sqsEventObjectSchema,
]);

type QueueArn = z.infer<typeof queueArnSchema>;

/**
 * Every SQS trigger declared on the functions, skipping events with `enabled: false`.
 * Throws when an event names its queue in a way that cannot be resolved locally.
 *
 * @example
 * readSqsTriggerSettings(
 *   { quarantineInvalid: { name: 'svc-local-quarantineInvalid', events: [{ sqs: { arn: { 'Fn::GetAtt': ['InvalidInvoicesQueue', 'Arn'] } } }] } },
 *   { InvalidInvoicesQueue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'invalid-invoices' } } },
 * ) // [{ functionKey: 'quarantineInvalid', queueName: 'invalid-invoices', batchSize: 10, ... }]
 */
export function readSqsTriggerSettings(
  functions: Record<string, ServerlessFunctionLike>,
  resources: Record<string, CloudFormationResourceLike> = {},
): SqsTriggerSettings[] {
  const settings: SqsTriggerSettings[] = [];
  for (const [functionKey, fn] of Object.entries(functions)) {
    for (const event of fn.events ?? []) {
      if (!('sqs' in event)) continue;
      const parsed = sqsEventSchema.safeParse(event.sqs);
      if (!parsed.success) throw new Error(`Function ${functionKey}: invalid sqs event: ${z.prettifyError(parsed.error)}`);
      const config = parsed.data;
      if (!config.enabled) continue;
      settings.push({
        functionKey,
        functionName: fn.name ?? functionKey,
        queueName: queueNameOf(config.arn, resources, functionKey),
        batchSize: config.batchSize,
        maximumBatchingWindowInSeconds: config.maximumBatchingWindow,
        reportBatchItemFailures: config.functionResponseType === 'ReportBatchItemFailures',
      });
    }
  }
  return settings;
}

/** The queue name, the last part of `arn:<partition>:sqs:<region>:<account>:<name>`. */
function queueNameOf(arn: QueueArn, resources: Record<string, CloudFormationResourceLike>, functionKey: string): string {
  if (typeof arn !== 'string') return queueNameOfResource(arn, resources, functionKey);
  const parts = arn.split(':');
  if (parts.length !== 6 || parts[0] !== 'arn' || parts[2] !== 'sqs' || !parts[5]) {
    throw new Error(`Function ${functionKey}: "${arn}" is not an SQS queue ARN`);
  }
  return parts[5];
}

function queueNameOfResource(
  arn: z.infer<typeof getAttSchema>,
  resources: Record<string, CloudFormationResourceLike>,
  functionKey: string,
): string {
  const getAtt = arn['Fn::GetAtt'];
  const logicalId = typeof getAtt === 'string' ? getAtt.slice(0, -'.Arn'.length) : getAtt[0];
  const queueName = resources[logicalId]?.Properties?.QueueName;
  // Without an explicit QueueName CloudFormation makes one up at deploy time: nothing local can match it.
  if (typeof queueName !== 'string' || queueName === '') {
    throw new Error(`Function ${functionKey}: resource ${logicalId} is not a queue with a QueueName`);
  }
  return queueName;
}
