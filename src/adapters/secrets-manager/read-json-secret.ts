import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ConfigError } from '../../shared/errors.js';

/**
 * Reads a Secrets Manager secret whose SecretString is a JSON object (the console's "key/value"
 * secrets are stored that way) and returns its string values.
 *
 * @throws ConfigError when the secret has no SecretString or it is not a JSON object.
 */
export async function readJsonSecret(
  client: SecretsManagerClient,
  secretId: string,
): Promise<Readonly<Record<string, string>>> {
  const out = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
  if (out.SecretString === undefined)
    throw new ConfigError(`Secret ${secretId} has no SecretString; store the values as a JSON object.`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(out.SecretString);
  } catch (error) {
    throw new ConfigError(`Secret ${secretId} is not JSON; store the values as a JSON object.`, {
      cause: error,
    });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new ConfigError(`Secret ${secretId} is not a JSON object of key/value pairs.`);
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed)) if (typeof value === 'string') values[key] = value;
  return Object.freeze(values);
}
