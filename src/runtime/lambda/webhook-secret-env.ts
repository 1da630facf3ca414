import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ConfigError } from '../../shared/errors.js';

/** How long a container keeps the webhook secrets before reading them again (rotation). */
export const WEBHOOK_SECRET_TTL_MS = 5 * 60_000;

/**
 * The environment with `SEKISHO_WEBHOOK_SECRETS` filled in from the Secrets Manager secret named by
 * `SEKISHO_WEBHOOK_SECRET_ARN` (a plain string, comma-separated, the first signs), so that secrets
 * never sit in a function's configuration. A value already in `SEKISHO_WEBHOOK_SECRETS` wins.
 */
export async function withWebhookSecrets(
  env: NodeJS.ProcessEnv,
  client: () => SecretsManagerClient = () => new SecretsManagerClient({}),
): Promise<NodeJS.ProcessEnv> {
  const arn = env.SEKISHO_WEBHOOK_SECRET_ARN?.trim();
  if ((env.SEKISHO_WEBHOOK_SECRETS ?? '').trim() !== '' || !arn) return env;
  const out = await client().send(new GetSecretValueCommand({ SecretId: arn }));
  if (out.SecretString === undefined || out.SecretString.trim() === '')
    throw new ConfigError(
      `Secret ${arn} (SEKISHO_WEBHOOK_SECRET_ARN) is empty; store the webhook secrets in it, comma-separated.`,
    );
  return { ...env, SEKISHO_WEBHOOK_SECRETS: out.SecretString };
}

/**
 * Builds a value from the environment with its secrets, once, then again after the TTL when the
 * secrets come from Secrets Manager, so that a rotated secret reaches warm containers too.
 */
export function cachedWithSecrets<T>(
  build: (env: NodeJS.ProcessEnv) => T,
  now: () => number = Date.now,
  client?: () => SecretsManagerClient,
) {
  let value: T | undefined;
  let builtAt = 0;
  return async (env: NodeJS.ProcessEnv): Promise<T> => {
    const fromSecret =
      (env.SEKISHO_WEBHOOK_SECRETS ?? '').trim() === '' && Boolean(env.SEKISHO_WEBHOOK_SECRET_ARN);
    if (value === undefined || (fromSecret && now() - builtAt > WEBHOOK_SECRET_TTL_MS)) {
      value = build(await withWebhookSecrets(env, client));
      builtAt = now();
    }
    return value;
  };
}
