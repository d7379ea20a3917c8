/**
 * `npm run rabbitmq:declare`: declares the RabbitMQ queues and exchange the pipeline uses (the
 * invoices quorum queue with its delivery limit, the dead-letter exchange, invoices.failed) on
 * the broker the environment names, and prints them. Idempotent: declaring what exists with the
 * same settings changes nothing. Run it once before the first deploy of a RabbitMQ stage, from a
 * host that reaches the broker (docs/deploy.md, "RabbitMQ (Amazon MQ) instead of Kafka"):
 *
 *   AWS_REGION=eu-west-1 \
 *   RABBITMQ_URL=amqps://b-<id>.mq.eu-west-1.amazonaws.com:5671 \
 *   RABBITMQ_CREDENTIALS_SECRET_ARN=arn:aws:secretsmanager:eu-west-1:123456789012:secret:... \
 *   npm run rabbitmq:declare
 *
 * RABBITMQ_VHOST (default /) picks the vhost. Without a secret, the URL's own user is used
 * (amqp://guest:guest@127.0.0.1:5672 by default: the local broker).
 */
import { connect } from 'amqplib';
import { rabbitMqConnectOptions } from '../../lib/adapters/rabbitmq/rabbitmq-connection';
import { getConfig } from '../../lib/config';
import { declareTopologyStep } from './topology-step';

const CONNECT_TIMEOUT_MS = 10_000;

async function main(): Promise<void> {
  const lines = await declareTopologyStep({
    connectOptions: () => rabbitMqConnectOptions(getConfig()),
    connect: (options) => connect(options, { timeout: CONNECT_TIMEOUT_MS }),
  });
  for (const line of lines) console.log(line);
}

main().catch((error: unknown) => {
  console.error(`rabbitmq:declare failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
