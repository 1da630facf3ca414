import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterEach, describe, expect, it } from 'vitest';
import type { AwsJsonServer } from '../../../test/servers/aws-json-server.js';
import { startSecretsManagerServer } from '../../../test/servers/secrets-manager-server.js';
import { cachedWithSecrets, WEBHOOK_SECRET_TTL_MS, withWebhookSecrets } from './webhook-secret-env.js';

const ARN = 'arn:aws:secretsmanager:us-east-1:111111111111:secret:sekisho-webhook-AbCdEf';
let server: AwsJsonServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function secretsManager(values: Record<string, string>) {
  server = await startSecretsManagerServer({ secrets: values });
  const url = server.url;
  const client = () =>
    new SecretsManagerClient({
      endpoint: url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  return { client, values };
}

describe('webhook secrets from Secrets Manager', () => {
  it('fills SEKISHO_WEBHOOK_SECRETS from the secret named by SEKISHO_WEBHOOK_SECRET_ARN, and an explicit value wins', async () => {
    const { client } = await secretsManager({ [ARN]: 'new,old' });
    expect(
      (await withWebhookSecrets({ SEKISHO_WEBHOOK_SECRET_ARN: ARN }, client)).SEKISHO_WEBHOOK_SECRETS,
    ).toBe('new,old');
    const explicit = { SEKISHO_WEBHOOK_SECRET_ARN: ARN, SEKISHO_WEBHOOK_SECRETS: 'given' };
    expect(await withWebhookSecrets(explicit, client)).toBe(explicit);
    expect(server?.calls).toHaveLength(1);
  });

  it('says which secret is empty', async () => {
    const { client } = await secretsManager({ [ARN]: '  ' });
    await expect(withWebhookSecrets({ SEKISHO_WEBHOOK_SECRET_ARN: ARN }, client)).rejects.toThrow(
      /Secret arn:aws:secretsmanager.* \(SEKISHO_WEBHOOK_SECRET_ARN\) is empty/,
    );
  });

  it('rebuilds after the TTL only when the secrets come from Secrets Manager', async () => {
    let now = 0;
    let builds = 0;
    const cached = cachedWithSecrets(
      () => ++builds,
      () => now,
    );
    const env = { SEKISHO_WEBHOOK_SECRETS: 'fixed' };
    await cached(env);
    now += WEBHOOK_SECRET_TTL_MS + 1;
    expect(await cached(env)).toBe(1);

    const { client } = await secretsManager({ [ARN]: 'rotated,old' });
    const seen: string[] = [];
    const fromSecret = cachedWithSecrets(
      (e) => seen.push(e.SEKISHO_WEBHOOK_SECRETS ?? ''),
      () => now,
      client,
    );
    const arnEnv = { SEKISHO_WEBHOOK_SECRET_ARN: ARN };
    await fromSecret(arnEnv);
    now += WEBHOOK_SECRET_TTL_MS - 1;
    await fromSecret(arnEnv);
    expect(seen).toEqual(['rotated,old']);
    now += 2;
    await fromSecret(arnEnv);
    expect(seen).toEqual(['rotated,old', 'rotated,old']);
    expect(server?.calls).toHaveLength(2);
  });
});
