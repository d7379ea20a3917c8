/**
 * How the producer signs in to Kafka, as kafkajs `ssl` and `sasl` options:
 * - `none`: plaintext, no SASL (the local broker);
 * - `msk-iam`: Amazon MSK with IAM access control: SASL/OAUTHBEARER over TLS with a token that
 *   AWS's aws-msk-iam-sasl-signer-js signs with the function's role; kafkajs asks for a fresh
 *   one at every (re)authentication, so the 15-minute token never outlives a session;
 * - `scram`: self-managed Kafka with SASL/SCRAM-SHA-512 over TLS, with the username and
 *   password of a Secrets Manager secret (the same secret the event source mapping uses).
 */
import type { KafkaConfig, SASLOptions } from 'kafkajs';
import { z } from 'zod';
import type { Config } from '../../config';
import { readSecretString } from '../secrets/read-secret';

export type KafkaAuthSettings =
  | { mechanism: 'none'; ssl: boolean }
  | { mechanism: 'msk-iam'; ssl: boolean; region: string }
  | { mechanism: 'scram'; ssl: boolean; secretArn: string };

export type KafkaConnectionOptions = Pick<KafkaConfig, 'ssl' | 'sasl'>;

/** Where credentials come from; tests give their own, production uses AWS. */
export interface KafkaCredentialSources {
  /** A freshly signed MSK IAM token for the cluster's region. */
  mskIamToken(region: string): Promise<string>;
  /** The SecretString of a Secrets Manager secret. */
  secretString(secretArn: string): Promise<string>;
}

/** The Kafka credentials could not be obtained or are malformed; the publish is retried later. */
export class KafkaCredentialsError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
    this.name = 'KafkaCredentialsError';
  }
}

const scramSecretSchema = z.object({ username: z.string().min(1), password: z.string().min(1) });

const AWS_CREDENTIAL_SOURCES: KafkaCredentialSources = {
  async mskIamToken(region) {
    // Loaded on first use only: stages without MSK never evaluate the signer.
    const { generateAuthToken } = await import('aws-msk-iam-sasl-signer-js');
    return (await generateAuthToken({ region })).token;
  },
  secretString: (secretArn) =>
    readSecretString(secretArn).catch((error: unknown) => {
      throw new KafkaCredentialsError((error as Error).message, error);
    }),
};

/**
 * The sign-in settings the configuration asks for. TLS is on for MSK and SCRAM unless
 * KAFKA_SSL says otherwise, off for `none`.
 *
 * @example
 * kafkaAuthSettings({ KAFKA_AUTH: 'msk-iam', AWS_REGION: 'eu-west-1' }) // { mechanism: 'msk-iam', ssl: true, region: 'eu-west-1' }
 */
export function kafkaAuthSettings(
  config: Pick<Config, 'KAFKA_AUTH' | 'KAFKA_SASL_SECRET_ARN' | 'KAFKA_SSL' | 'AWS_REGION'>,
): KafkaAuthSettings {
  const ssl = config.KAFKA_SSL ?? config.KAFKA_AUTH !== 'none';
  switch (config.KAFKA_AUTH) {
    case 'none':
      return { mechanism: 'none', ssl };
    case 'msk-iam':
      if (!config.AWS_REGION) throw new KafkaCredentialsError('KAFKA_AUTH=msk-iam needs AWS_REGION');
      return { mechanism: 'msk-iam', ssl, region: config.AWS_REGION };
    case 'scram':
      if (!config.KAFKA_SASL_SECRET_ARN) throw new KafkaCredentialsError('KAFKA_AUTH=scram needs KAFKA_SASL_SECRET_ARN');
      return { mechanism: 'scram', ssl, secretArn: config.KAFKA_SASL_SECRET_ARN };
  }
}

/**
 * The kafkajs `ssl` and `sasl` options for the settings. For SCRAM it reads the secret, so call
 * it once per client (the publisher builds one producer per container).
 *
 * @example
 * const kafka = new Kafka({ clientId, brokers, ...(await kafkaConnectionOptions(kafkaAuthSettings(getConfig()))) });
 */
export async function kafkaConnectionOptions(
  settings: KafkaAuthSettings,
  sources: KafkaCredentialSources = AWS_CREDENTIAL_SOURCES,
): Promise<KafkaConnectionOptions> {
  if (settings.mechanism === 'none') return { ssl: settings.ssl };
  return { ssl: settings.ssl, sasl: await saslOptions(settings, sources) };
}

async function saslOptions(
  settings: Exclude<KafkaAuthSettings, { mechanism: 'none' }>,
  sources: KafkaCredentialSources,
): Promise<SASLOptions> {
  if (settings.mechanism === 'msk-iam') {
    return { mechanism: 'oauthbearer', oauthBearerProvider: async () => ({ value: await sources.mskIamToken(settings.region) }) };
  }
  const { username, password } = await scramCredentials(settings.secretArn, sources);
  return { mechanism: 'scram-sha-512', username, password };
}

async function scramCredentials(secretArn: string, sources: KafkaCredentialSources): Promise<z.infer<typeof scramSecretSchema>> {
  let secret: string;
  try {
    secret = await sources.secretString(secretArn);
  } catch (error) {
    throw new KafkaCredentialsError(`could not read the Kafka SCRAM secret ${secretArn}: ${(error as Error).message}`, error);
  }
  const parsed = scramSecretSchema.safeParse(parseJson(secret));
  if (!parsed.success) {
    throw new KafkaCredentialsError(`the Kafka SCRAM secret ${secretArn} must be JSON {"username": "...", "password": "..."}`);
  }
  return parsed.data;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
