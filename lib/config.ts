/**
 * Every runtime setting, read once from the environment and validated.
 * Endpoints and credentials for AWS are NOT here: the AWS SDK reads them from its
 * standard sources (AWS_REGION, AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_DYNAMODB, ...),
 * so the same code runs on LocalStack and on AWS with configuration alone.
 */
import { z } from 'zod';
import { INFRASTRUCTURE } from './infrastructure';

const commaList = z
  .string()
  .transform((value) => value.split(',').map((item) => item.trim()).filter(Boolean));

/** An unset variable and an empty one mean the same: serverless.yml writes '' for "not used here". */
const emptyAsUnset = (value: unknown) => (value === '' ? undefined : value);
const optionalString = z.preprocess(emptyAsUnset, z.string().optional());
const optionalFlag = z.preprocess(emptyAsUnset, z.enum(['true', 'false']).transform((value) => value === 'true').optional());

/**
 * How the producer authenticates to Kafka: `none` (the local broker), `msk-iam` (Amazon MSK,
 * SASL/OAUTHBEARER signed with the function's IAM role) or `scram` (self-managed Kafka,
 * SASL/SCRAM-SHA-512 with the username and password of a Secrets Manager secret).
 */
export const KAFKA_AUTH_MECHANISMS = ['none', 'msk-iam', 'scram'] as const;

/** What carries the invoices from the API to the validator: Kafka (the default) or RabbitMQ. */
export const TRANSPORTS = ['kafka', 'rabbitmq'] as const;
export type Transport = (typeof TRANSPORTS)[number];

const envSchema = z.object({
  TRANSPORT: z.enum(TRANSPORTS).default('kafka'),
  KAFKA_BROKERS: commaList.default(['127.0.0.1:9092']),
  KAFKA_AUTH: z.enum(KAFKA_AUTH_MECHANISMS).default('none'),
  /** The secret `{"username", "password"}` the producer signs in with when KAFKA_AUTH is scram. */
  KAFKA_SASL_SECRET_ARN: optionalString,
  /** TLS to the brokers; defaults to on whenever KAFKA_AUTH is not none (MSK and SCRAM need it). */
  KAFKA_SSL: optionalFlag,
  /** Set by Lambda; the MSK IAM signer needs it to sign for the cluster's region. */
  AWS_REGION: optionalString,
  KAFKA_CLIENT_ID: z.string().default(INFRASTRUCTURE.kafka.clientId),
  KAFKA_PUBLISH_TIMEOUT_MS: z.coerce.number().int().positive().default(5000),
  INVOICES_TOPIC: z.string().default(INFRASTRUCTURE.kafka.topic),
  /**
   * The RabbitMQ broker the publishers send to when TRANSPORT is rabbitmq: `amqp://user:pass@host:port`
   * locally (the local node's guest user); deployed, Amazon MQ's `amqps://` endpoint without
   * credentials, which come from RABBITMQ_CREDENTIALS_SECRET_ARN.
   */
  RABBITMQ_URL: z.string().default(`amqp://guest:guest@127.0.0.1:${INFRASTRUCTURE.rabbitmq.port}`),
  /** Deployed: the secret `{"username", "password"}` the publishers sign in with (the same one the validator's event source mapping uses). */
  RABBITMQ_CREDENTIALS_SECRET_ARN: optionalString,
  RABBITMQ_QUEUE: z.string().default(INFRASTRUCTURE.rabbitmq.queue),
  RABBITMQ_VHOST: z.string().default(INFRASTRUCTURE.rabbitmq.vhost),
  RABBITMQ_PUBLISH_TIMEOUT_MS: z.coerce.number().int().positive().default(5000),
  /** Locally, the admin keys (`name=key`, comma-separated); deployed, they come from ADMIN_API_KEYS_SECRET_ARN instead. */
  ADMIN_API_KEYS: commaList.default(['local-admin-key']),
  /** Deployed: the secret `{"adminApiKeys": "name=key,..."}` the key check reads once per container. */
  ADMIN_API_KEYS_SECRET_ARN: optionalString,
  /** Deployed: the ids of the API Gateway API keys of the admin and anonymous usage plans (their values are read at run time). */
  ADMIN_USAGE_KEY_ID: optionalString,
  ANONYMOUS_USAGE_KEY_ID: optionalString,
  /**
   * Deployed: the tiers' usage plans are named <prefix>-<tier>, and the clients' usage keys
   * <prefix>-<clientId>; unset locally, where the HTTP stack's emulator applies the tiers.
   */
  USAGE_PLAN_NAME_PREFIX: optionalString,
  RETRY_AFTER_SECONDS: z.coerce.number().int().positive().default(5),
  SERVICE_NAME: z.string().default('invoice-pipeline'),
  /** The stage (local, dev, prod...): a dimension of every metric, so stages in one account stay apart. */
  STAGE: z.string().default('local'),
  SERVICE_VERSION: z.string().default('0.1.0'),
  /** The admin alerts topic; locally LocalStack's ARN for the name in lib/resources.json. */
  ADMIN_ALERTS_TOPIC_ARN: z.string().default(`arn:aws:sns:us-east-1:000000000000:${INFRASTRUCTURE.topics.adminAlerts}`),
  INVALID_INVOICES_QUEUE_NAME: z.string().default(INFRASTRUCTURE.queues.invalidInvoices),
  IDEMPOTENCY_TTL_SECONDS: z.coerce.number().int().positive().default(86_400),
}).superRefine((env, context) => {
  if (env.KAFKA_AUTH === 'scram' && !env.KAFKA_SASL_SECRET_ARN) {
    context.addIssue({ code: 'custom', path: ['KAFKA_SASL_SECRET_ARN'], message: 'KAFKA_AUTH=scram needs the ARN of the secret with the SCRAM username and password' });
  }
  if (env.KAFKA_AUTH === 'msk-iam' && !env.AWS_REGION) {
    context.addIssue({ code: 'custom', path: ['AWS_REGION'], message: 'KAFKA_AUTH=msk-iam needs AWS_REGION to sign the MSK token' });
  }
});

export type Config = Readonly<z.infer<typeof envSchema>>;

let cached: Config | undefined;

/** The validated configuration of this process, read on first use. */
export function getConfig(env: NodeJS.ProcessEnv = process.env): Config {
  if (env !== process.env) return envSchema.parse(env);
  cached ??= envSchema.parse(env);
  return cached;
}
