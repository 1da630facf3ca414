import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from '../../shared/errors.js';
import { generateWebhookSecret } from '../../shared/webhooks/webhook-signature.js';

/** The environment variable that sets the webhook secrets: comma-separated, the first one signs. */
export const WEBHOOK_SECRETS_ENV = 'SEKISHO_WEBHOOK_SECRETS';

/**
 * The webhook secrets: from `SEKISHO_WEBHOOK_SECRETS` when set; else from `<data>/secrets.json`,
 * generated (mode 0600) on the first start. The first secret signs; all are accepted.
 */
export async function loadWebhookSecrets(dataDir: string, env: NodeJS.ProcessEnv): Promise<string[]> {
  const fromEnv = env[WEBHOOK_SECRETS_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== '') {
    const list = fromEnv
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const short = list.filter((s) => s.length < 16);
    if (short.length > 0)
      throw new ConfigError(
        `${WEBHOOK_SECRETS_ENV} holds a secret shorter than 16 characters; use whsec_<base64 of 32 random bytes>.`,
      );
    return list;
  }
  const path = join(dataDir, 'secrets.json');
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as { webhookSecrets?: unknown };
    const list = parsed.webhookSecrets;
    if (Array.isArray(list) && list.length > 0 && list.every((s) => typeof s === 'string'))
      return list as string[];
    throw new ConfigError(`${path} must hold {"webhookSecrets":["whsec_…"]}; fix or delete it.`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      if (error instanceof ConfigError) throw error;
      throw new ConfigError(`${path} is not valid JSON; fix or delete it.`, { cause: error });
    }
  }
  const secrets = [generateWebhookSecret()];
  await writeFile(path, `${JSON.stringify({ webhookSecrets: secrets }, null, 2)}\n`, {
    mode: 0o600,
    flag: 'wx',
  });
  await chmod(path, 0o600);
  return secrets;
}
