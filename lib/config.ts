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

const envSchema = z.object({
  KAFKA_BROKERS: commaList.default(['127.0.0.1:9092']),
  KAFKA_CLIENT_ID: z.string().default(INFRASTRUCTURE.kafka.clientId),
  KAFKA_PUBLISH_TIMEOUT_MS: z.coerce.number().int().positive().default(5000),
  INVOICES_TOPIC: z.string().default(INFRASTRUCTURE.kafka.topic),
  CLIENT_API_KEYS: commaList.default(['local-api-key']),
  ADMIN_API_KEYS: commaList.default(['local-admin-key']),
  RETRY_AFTER_SECONDS: z.coerce.number().int().positive().default(5),
  SERVICE_NAME: z.string().default('invoice-pipeline'),
  SERVICE_VERSION: z.string().default('0.1.0'),
  /** The admin alerts topic; locally LocalStack's ARN for the name in lib/resources.json. */
  ADMIN_ALERTS_TOPIC_ARN: z.string().default(`arn:aws:sns:us-east-1:000000000000:${INFRASTRUCTURE.topics.adminAlerts}`),
  INVALID_INVOICES_QUEUE_NAME: z.string().default(INFRASTRUCTURE.queues.invalidInvoices),
  IDEMPOTENCY_TTL_SECONDS: z.coerce.number().int().positive().default(86_400),
});

export type Config = Readonly<z.infer<typeof envSchema>>;

let cached: Config | undefined;

/** The validated configuration of this process, read on first use. */
export function getConfig(env: NodeJS.ProcessEnv = process.env): Config {
  if (env !== process.env) return envSchema.parse(env);
  cached ??= envSchema.parse(env);
  return cached;
}
