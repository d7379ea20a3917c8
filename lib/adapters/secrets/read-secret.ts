/** The SecretString of a Secrets Manager secret, read with the SDK's own retries; the client is loaded on first use only. */
import { AWS_CLIENT_OPTIONS } from '../aws-client-options';

export async function readSecretString(secretArn: string): Promise<string> {
  const { GetSecretValueCommand, SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
  const { SecretString } = await new SecretsManagerClient(AWS_CLIENT_OPTIONS).send(new GetSecretValueCommand({ SecretId: secretArn }));
  if (!SecretString) throw new Error(`secret ${secretArn} has no SecretString`);
  return SecretString;
}
