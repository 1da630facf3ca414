import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadWebhookSecrets } from '../../src/runtime/gate/webhook-secrets.js';
import { tempDataDir } from './support/gate-harness.js';

let data: Awaited<ReturnType<typeof tempDataDir>>;
beforeEach(async () => {
  data = await tempDataDir();
});
afterEach(() => data.cleanup());

describe('loadWebhookSecrets', () => {
  it('generates a whsec_ secret on the first start, stores it with mode 0600, and reuses it', async () => {
    const first = await loadWebhookSecrets(data.dir, {});
    expect(first).toHaveLength(1);
    expect(first[0]).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const path = join(data.dir, 'secrets.json');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await loadWebhookSecrets(data.dir, {})).toEqual(first);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ webhookSecrets: first });
  });

  it('takes SEKISHO_WEBHOOK_SECRETS instead, comma-separated, in order', async () => {
    const env = { SEKISHO_WEBHOOK_SECRETS: 'whsec_bmV3LXNlY3JldC1uZXctc2VjcmV0, old-secret-old-secret ' };
    expect(await loadWebhookSecrets(data.dir, env)).toEqual([
      'whsec_bmV3LXNlY3JldC1uZXctc2VjcmV0',
      'old-secret-old-secret',
    ]);
  });

  it('names the variable when a secret is too short, and the file when it is broken', async () => {
    await expect(loadWebhookSecrets(data.dir, { SEKISHO_WEBHOOK_SECRETS: 'abc' })).rejects.toThrow(
      /SEKISHO_WEBHOOK_SECRETS/,
    );
    await writeFile(join(data.dir, 'secrets.json'), '{nope');
    await expect(loadWebhookSecrets(data.dir, {})).rejects.toThrow(/secrets\.json is not valid JSON/);
  });
});
