import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toVerdictWebhook } from '../../src/gate/release/verdict-webhook.js';
import type { VerdictItem } from '../../src/gate/stream-record.js';
import { generateWebhookSecret, signWebhook } from '../../src/shared/webhooks/webhook-signature.js';
import {
  eventually,
  get,
  startTestGate,
  tempDataDir,
  upload,
  uploadScanned,
} from './support/gate-harness.js';

const CV = 'Curriculum vitae\nHanako Yamada\n';

let data: Awaited<ReturnType<typeof tempDataDir>>;
let gate: Awaited<ReturnType<typeof startTestGate>>;

// Poll mode with an interval longer than any test: nothing releases a file unless the test
// delivers a webhook itself, so each case controls exactly what the web app receives.
beforeEach(async () => {
  data = await tempDataDir();
  gate = await startTestGate(data.dir, { release: 'poll', pollIntervalMs: 3_600_000 });
});
afterEach(async () => {
  await gate.close();
  await data.cleanup();
});

const scannedUpload = (): Promise<VerdictItem> => uploadScanned(gate, CV);

function post(body: string, headers: Record<string, string>): Promise<Response> {
  return fetch(`${gate.url}/api/webhooks/verdicts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
}

async function status(fileId: string): Promise<string> {
  const view = (await (await get(gate.url, `/api/files/${fileId}`, gate.demo.candidateToken)).json()) as {
    status: string;
  };
  return view.status;
}

describe('POST /api/webhooks/verdicts', () => {
  it('publishes on a correctly signed webhook, and answers a replay with duplicate without acting twice', async () => {
    const item = await scannedUpload();
    const message = toVerdictWebhook(item);
    const headers = signWebhook({ ...message, secrets: gate.secrets, now: Date.now() });
    const first = await post(message.body, { ...headers });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ outcome: 'published', fileId: item.fileId });
    expect(await status(item.fileId)).toBe('published');

    const replay = await post(message.body, { ...headers });
    expect(replay.status).toBe(200);
    expect(await replay.json()).toEqual({ outcome: 'duplicate', fileId: item.fileId });

    // A replay of the same id carrying another verdict (validly signed) is a duplicate too.
    const tampered = JSON.stringify({
      ...JSON.parse(message.body),
      data: { ...JSON.parse(message.body).data, verdict: { ...item.verdict, kind: 'infected' } },
    });
    const again = await post(tampered, {
      ...signWebhook({ id: message.id, body: tampered, secrets: gate.secrets, now: Date.now() }),
    });
    expect(await again.json()).toEqual({ outcome: 'duplicate', fileId: item.fileId });
    expect(await status(item.fileId)).toBe('published');
  });

  it('refuses a forged signature with 401 SIGNATURE_INVALID and publishes nothing', async () => {
    const item = await scannedUpload();
    const message = toVerdictWebhook(item);
    const forged = signWebhook({ ...message, secrets: [generateWebhookSecret()], now: Date.now() });
    const response = await post(message.body, { ...forged });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'SIGNATURE_INVALID' } });
    const unsigned = await post(message.body, {});
    expect(unsigned.status).toBe(401);
    expect(await status(item.fileId)).toBe('scanning');
  });

  it('refuses an expired signature with 401 SIGNATURE_EXPIRED and publishes nothing', async () => {
    const item = await scannedUpload();
    const message = toVerdictWebhook(item);
    const old = signWebhook({ ...message, secrets: gate.secrets, now: Date.now() - 10 * 60_000 });
    const response = await post(message.body, { ...old });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'SIGNATURE_EXPIRED' } });
    expect(await status(item.fileId)).toBe('scanning');
  });

  it('blocks a clean verdict when the object was changed in quarantine after the scan', async () => {
    const item = await scannedUpload();
    expect(item.verdict.kind).toBe('clean');
    await writeFile(join(data.dir, 'objects', 'quarantine', item.fileId), 'MZ swapped bytes');
    const message = toVerdictWebhook(item);
    const response = await post(message.body, {
      ...signWebhook({ ...message, secrets: gate.secrets, now: Date.now() }),
    });
    expect(await response.json()).toEqual({ outcome: 'blocked', fileId: item.fileId });
    const view = (await (
      await get(gate.url, `/api/files/${item.fileId}`, gate.demo.candidateToken)
    ).json()) as {
      status: string;
      explanation: { en: { reason: string } } | null;
    };
    expect(view.status).toBe('blocked');
    expect(view.explanation?.en.reason).toMatch(/changed/);
    expect((await get(gate.url, `/api/files/${item.fileId}/content`, gate.demo.companyToken)).status).toBe(
      404,
    );
  });

  it('tells the uploader that the stored bytes are missing (not that they changed), in English and Japanese', async () => {
    const item = await scannedUpload();
    expect(item.verdict.kind).toBe('clean');
    await rm(join(data.dir, 'objects', 'quarantine', item.fileId));
    const message = toVerdictWebhook(item);
    const response = await post(message.body, {
      ...signWebhook({ ...message, secrets: gate.secrets, now: Date.now() }),
    });
    expect(await response.json()).toEqual({ outcome: 'failed', fileId: item.fileId });
    const view = (await (
      await get(gate.url, `/api/files/${item.fileId}`, gate.demo.candidateToken)
    ).json()) as {
      status: string;
      blockReason: string | null;
      explanation: { en: { reason: string }; ja: { reason: string } } | null;
    };
    expect(view.status).toBe('failed');
    expect(view.blockReason).toBe('The stored object is missing.');
    expect(view.explanation?.en.reason).toMatch(/missing/);
    expect(view.explanation?.en.reason).not.toMatch(/changed/);
    expect(view.explanation?.ja.reason).toMatch(/見つからない/);
  });

  it('ignores a lower verdict version after a higher one was applied', async () => {
    const item = await scannedUpload();
    // A re-scan wrote version 2; the receiver applies only what the table holds.
    await gate.verdicts.put({ ...item, version: 2, writtenAt: item.writtenAt + 1 });
    const v2 = toVerdictWebhook({ ...item, version: 2, writtenAt: item.writtenAt + 1 });
    const v1 = toVerdictWebhook({ ...item, verdict: { ...item.verdict, kind: 'infected' } });
    await post(v2.body, { ...signWebhook({ ...v2, secrets: gate.secrets, now: Date.now() }) });
    const late = await post(v1.body, { ...signWebhook({ ...v1, secrets: gate.secrets, now: Date.now() }) });
    expect(await late.json()).toEqual({ outcome: 'stale', fileId: item.fileId });
    expect(await status(item.fileId)).toBe('published');
  });

  it('refuses a signed body that is not a verdict event with 400', async () => {
    const body = JSON.stringify({ type: 'verdict.written', data: { fileId: 'f_x' } });
    const response = await post(body, {
      ...signWebhook({ id: 'x', body, secrets: gate.secrets, now: Date.now() }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'WEBHOOK_BODY_INVALID' } });
  });

  it('accepts a webhook signed with either secret during a rotation (SEKISHO_WEBHOOK_SECRETS)', async () => {
    const [fresh, old] = [generateWebhookSecret(), generateWebhookSecret()];
    const own = await tempDataDir();
    const rotating = await startTestGate(own.dir, {
      release: 'poll',
      pollIntervalMs: 3_600_000,
      env: { SEKISHO_WEBHOOK_SECRETS: `${fresh},${old}` },
    });
    try {
      expect(rotating.secrets).toEqual([fresh, old]);
      const response = await upload(rotating.url, rotating.demo.threadId, rotating.demo.candidateToken, CV);
      const { id } = (await response.json()) as { id: string };
      const item = await eventually(async () => (await rotating.verdicts.get(id)) ?? undefined);
      const message = toVerdictWebhook(item);
      const answer = await fetch(`${rotating.url}/api/webhooks/verdicts`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...signWebhook({ ...message, secrets: [old], now: Date.now() }),
        },
        body: message.body,
      });
      expect(await answer.json()).toEqual({ outcome: 'published', fileId: id });
    } finally {
      await rotating.close();
      await own.cleanup();
    }
  });
});
