/**
 * The environment of the local stack: where the emulators listen and the dummy
 * credentials they accept. Values already set in the environment win, so the same
 * scripts run against Docker's compose stack or other ports.
 * The AWS SDK reads AWS_ENDPOINT_URL(_<SERVICE>) itself: the code never names an endpoint.
 */
/**
 * LOCAL_PORT_OFFSET shifts every port, so a second stack (a chaos drill, a benchmark) can run
 * beside the one a developer has open; each stack keeps its state in its own folder.
 */
export const LOCAL_PORT_OFFSET = Number(process.env.LOCAL_PORT_OFFSET ?? 0);

const port = (base: number) => base + LOCAL_PORT_OFFSET;
/**
 * RabbitMQ's own ports are 10,000 apart (5672, 15672, 25672), so a plain offset of 10,000 or
 * 20,000 would land one stack's AMQP port on another's management or distribution port: a
 * shifted stack moves them a little further (offset / 1000).
 */
const rabbitMqPort = (base: number) => port(base) + Math.floor(LOCAL_PORT_OFFSET / 1000);

export const LOCAL_PORTS = {
  kafka: port(9092),
  kafkaController: port(9093),
  localstack: port(4566),
  dynamodb: port(8000),
  http: port(3000),
  lambda: port(3002),
  rabbitmq: rabbitMqPort(5672),
  rabbitmqManagement: rabbitMqPort(15672),
  rabbitmqDistribution: rabbitMqPort(25672),
} as const;

export const LOCAL_DEFAULTS: Readonly<Record<string, string>> = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_ENDPOINT_URL: `http://localhost:${LOCAL_PORTS.localstack}`,
  // DynamoDB is served by the official DynamoDB Local (see README, "Local stack").
  AWS_ENDPOINT_URL_DYNAMODB: `http://localhost:${LOCAL_PORTS.dynamodb}`,
  KAFKA_BROKERS: `127.0.0.1:${LOCAL_PORTS.kafka}`,
  // The local node's guest user, which RabbitMQ admits from loopback only.
  RABBITMQ_URL: `amqp://guest:guest@127.0.0.1:${LOCAL_PORTS.rabbitmq}`,
  // The local demo client's key (provisioning registers it, for any issuer) and the admin key.
  DEMO_CLIENT_API_KEY: 'local-api-key',
  ADMIN_API_KEYS: 'local-admin-key',
  KAFKAJS_NO_PARTITIONER_WARNING: '1',
  // What Lambda sets for an on-demand container; Powertools logs cold_start only when it is set.
  // Each function's module in serverless-offline is one such container.
  AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
};

/** Fills in every local default the environment does not set already; returns the result. */
export function applyLocalEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  for (const [name, value] of Object.entries(LOCAL_DEFAULTS)) env[name] ??= value;
  return env;
}

export const LOCAL_API_URL = `http://localhost:${LOCAL_PORTS.http}`;
