/**
 * The producer's Kafka sign-in is configuration alone: KAFKA_AUTH=none locally (unchanged),
 * msk-iam on Amazon MSK, scram on self-managed Kafka.
 */
import { getConfig } from '../../../lib/config';
import {
  kafkaAuthSettings,
  kafkaConnectionOptions,
  KafkaCredentialsError,
  type KafkaCredentialSources,
} from '../../../lib/adapters/kafka/kafka-auth';

const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:invoice-pipeline/kafka-AbCdEf';

function sources(overrides: Partial<KafkaCredentialSources> = {}): KafkaCredentialSources & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    mskIamToken: async (region) => `token-for-${region}`,
    secretString: async (arn) => {
      reads.push(arn);
      return JSON.stringify({ username: 'invoice-api', password: 's3cret' });
    },
    ...overrides,
  };
}

describe('KAFKA_AUTH configuration', () => {
  it('defaults to no authentication and no TLS, as the local broker needs', () => {
    // Act
    const settings = kafkaAuthSettings(getConfig({}));

    // Assess
    expect(settings).toEqual({ mechanism: 'none', ssl: false });
  });

  it.each([
    [{ KAFKA_AUTH: 'msk-iam', AWS_REGION: 'eu-west-1' }, { mechanism: 'msk-iam', ssl: true, region: 'eu-west-1' }],
    [{ KAFKA_AUTH: 'scram', KAFKA_SASL_SECRET_ARN: SECRET_ARN }, { mechanism: 'scram', ssl: true, secretArn: SECRET_ARN }],
    [{ KAFKA_AUTH: 'scram', KAFKA_SASL_SECRET_ARN: SECRET_ARN, KAFKA_SSL: 'false' }, { mechanism: 'scram', ssl: false, secretArn: SECRET_ARN }],
    [{ KAFKA_AUTH: 'none', KAFKA_SASL_SECRET_ARN: '', KAFKA_SSL: '' }, { mechanism: 'none', ssl: false }],
  ])('reads %j as %j', (env, expected) => {
    expect(kafkaAuthSettings(getConfig(env))).toEqual(expected);
  });

  it.each([
    [{ KAFKA_AUTH: 'scram' }, /KAFKA_SASL_SECRET_ARN/],
    [{ KAFKA_AUTH: 'scram', KAFKA_SASL_SECRET_ARN: '' }, /KAFKA_SASL_SECRET_ARN/],
    [{ KAFKA_AUTH: 'msk-iam' }, /AWS_REGION/],
    [{ KAFKA_AUTH: 'kerberos' }, /KAFKA_AUTH/],
  ])('refuses %j', (env, message) => {
    expect(() => getConfig(env)).toThrow(message);
  });
});

describe('kafkaConnectionOptions', () => {
  it('signs in to MSK with OAUTHBEARER and a token signed for the region, fresh at every authentication', async () => {
    // Prepare
    let signed = 0;
    const credentialSources = sources({ mskIamToken: async (region) => `token-${(signed += 1)}-${region}` });

    // Act
    const options = await kafkaConnectionOptions({ mechanism: 'msk-iam', ssl: true, region: 'eu-west-1' }, credentialSources);

    // Assess
    expect(options.ssl).toBe(true);
    expect(options.sasl).toMatchObject({ mechanism: 'oauthbearer' });
    const provider = (options.sasl as { oauthBearerProvider: () => Promise<{ value: string }> }).oauthBearerProvider;
    await expect(provider()).resolves.toEqual({ value: 'token-1-eu-west-1' });
    await expect(provider()).resolves.toEqual({ value: 'token-2-eu-west-1' });
  });

  it('signs in to self-managed Kafka with SCRAM-SHA-512 and the username and password of the secret', async () => {
    // Prepare
    const credentialSources = sources();

    // Act
    const options = await kafkaConnectionOptions({ mechanism: 'scram', ssl: true, secretArn: SECRET_ARN }, credentialSources);

    // Assess
    expect(options).toEqual({ ssl: true, sasl: { mechanism: 'scram-sha-512', username: 'invoice-api', password: 's3cret' } });
    expect(credentialSources.reads).toEqual([SECRET_ARN]);
  });

  it('says which secret is wrong when it is not {username, password}', async () => {
    // Prepare
    const credentialSources = sources({ secretString: async () => 'not json' });

    // Act
    const connecting = kafkaConnectionOptions({ mechanism: 'scram', ssl: true, secretArn: SECRET_ARN }, credentialSources);

    // Assess
    await expect(connecting).rejects.toThrow(KafkaCredentialsError);
    await expect(connecting).rejects.toThrow(SECRET_ARN);
  });

  it('keeps plaintext without SASL for the local broker', async () => {
    await expect(kafkaConnectionOptions({ mechanism: 'none', ssl: false }, sources())).resolves.toEqual({ ssl: false });
  });
});
