/**
 * How our code reaches the RabbitMQ broker: the connection settings from the configuration.
 * Locally RABBITMQ_URL carries the node's guest user; deployed (Amazon MQ) it names the
 * `amqps://` endpoint only, and the username and password come from the Secrets Manager
 * secret RABBITMQ_CREDENTIALS_SECRET_ARN names, the one the event source mapping reads
 * (its `basicAuthArn`), read once per container.
 */
import type { Options } from 'amqplib';
import type { Config } from '../../config';
import { readSecretString } from '../secrets/read-secret';

export type RabbitMqConnectOptions = Options.Connect;

/** Where to connect and as whom; throws with what to fix when the URL or the secret is malformed. */
export async function rabbitMqConnectOptions(
  config: Pick<Config, 'RABBITMQ_URL' | 'RABBITMQ_VHOST' | 'RABBITMQ_CREDENTIALS_SECRET_ARN'>,
  readSecret: (arn: string) => Promise<string> = readSecretString,
): Promise<RabbitMqConnectOptions> {
  let url: URL;
  try {
    url = new URL(config.RABBITMQ_URL);
  } catch {
    throw new Error(`RABBITMQ_URL must be a URL such as amqp://guest:guest@127.0.0.1:5672, not "${config.RABBITMQ_URL}"`);
  }
  if (url.protocol !== 'amqp:' && url.protocol !== 'amqps:') throw new Error(`RABBITMQ_URL must start with amqp:// or amqps://, not ${url.protocol}//`);
  const credentials = config.RABBITMQ_CREDENTIALS_SECRET_ARN
    ? credentialsOf(await readSecret(config.RABBITMQ_CREDENTIALS_SECRET_ARN), config.RABBITMQ_CREDENTIALS_SECRET_ARN)
    : { username: decodeURIComponent(url.username || 'guest'), password: decodeURIComponent(url.password || 'guest') };
  const secure = url.protocol === 'amqps:';
  return {
    protocol: secure ? 'amqps' : 'amqp',
    hostname: url.hostname,
    port: url.port ? Number(url.port) : secure ? 5671 : 5672,
    ...credentials,
    vhost: config.RABBITMQ_VHOST,
    // Dead peers are noticed within a minute, not at the next publish's timeout only.
    heartbeat: 30,
  };
}

/** Amazon MQ's broker users, as Lambda's MQ trigger reads them: `{"username": ..., "password": ...}`. */
function credentialsOf(secret: string, arn: string): { username: string; password: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(secret);
  } catch {
    throw new Error(`secret ${arn} must be JSON {"username": "...", "password": "..."}`);
  }
  const { username, password } = (parsed ?? {}) as { username?: unknown; password?: unknown };
  if (typeof username !== 'string' || typeof password !== 'string' || !username || !password) {
    throw new Error(`secret ${arn} must hold a "username" and a "password" (text)`);
  }
  return { username, password };
}
