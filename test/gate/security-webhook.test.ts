import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toVerdictWebhook } from '../../src/gate/release/verdict-webhook.js';
import type { VerdictItem } from '../../src/gate/stream-record.js';
import { signWebhook } from '../../src/shared/webhooks/webhook-signature.js';
import { get, startTestGate, tempDataDir, uploadScanned } from './support/gate-harness.js';
import { rawRequest } from './support/raw-request.js';

const CV = 'Curriculum vitae\nHanako Yamada\n';

let data: Awaited<ReturnType<typeof tempDataDir>>;
let gate: Awaited<ReturnType<typeof startTestGate>>;

// Poll mode with a long interval: only the webhooks a test sends release anything.
beforeEach(async () => {
  data = await tempDataDir();
  gate = await startTestGate(data.dir, { release: 'poll', pollIntervalMs: 3_600_000 });
});
afterEach(async () => {
  await gate.close();
  await data.cleanup();
});

const scannedUpload = (threadId?: string, token?: string): Promise<VerdictItem> =>
  uploadScanned(gate, CV, threadId, token);

function post(body: string | Buffer, headers: Record<string, string>) {
  return rawRequest(
    gate.url,
    'POST',
    '/api/webhooks/verdicts',
    { 'content-type': 'application/json', ...headers },
    body,
  );
}

function signed(id: string, body: string, now = Date.now()): Record<string, string> {
  return { ...signWebhook({ id, body, secrets: gate.secrets, now }) };
}

async function status(fileId: string): Promise<string> {
  const view = (await (await get(gate.url, `/api/files/${fileId}`, gate.demo.candidateToken)).json()) as {
    status: string;
  };
  return view.status;
}

function codeOf(response: { body: Buffer }): string {
  return (JSON.parse(response.body.toString()) as { error: { code: string } }).error.code;
}

describe('security: the verdict webhook', () => {
  it('verifies the signature over the exact bytes: reformatted JSON fails', async () => {
    const item = await scannedUpload();
    const message = toVerdictWebhook(item);
    const headers = signed(message.id, message.body);
    const reformatted = JSON.stringify(JSON.parse(message.body), null, 2);
    const response = await post(reformatted, headers);
    expect(response.status).toBe(401);
    expect(codeOf(response)).toBe('SIGNATURE_INVALID');
    expect(await status(item.fileId)).toBe('scanning');
  });

  it('refuses bytes that are not UTF-8 instead of verifying their lossy decoding', async () => {
    const item = await scannedUpload();
    const message = toVerdictWebhook(item);
    // Signed text with U+FFFD in an ignored field; sent as the raw byte 0xFF, which a lenient
    // decoder turns into the same U+FFFD: different bytes, same signature.
    const body = message.body.replace(/}$/, ',"note":"\uFFFD"}');
    const headers = signed(message.id, body);
    const bytes = Buffer.from(body, 'utf8');
    const replacement = Buffer.from('\uFFFD', 'utf8');
    const at = bytes.indexOf(replacement);
    const sent = Buffer.concat([
      bytes.subarray(0, at),
      Buffer.from([0xff]),
      bytes.subarray(at + replacement.length),
    ]);
    const response = await post(sent, headers);
    expect(response.status).toBe(400);
    expect(codeOf(response)).toBe('BODY_NOT_UTF8');
    expect(await status(item.fileId)).toBe('scanning');
    // The same text as real UTF-8 is accepted.
    expect((await post(body, headers)).status).toBe(200);
  });

  it('refuses a timestamp more than 5 minutes in the future, and accepts a small skew', async () => {
    const item = await scannedUpload();
    const message = toVerdictWebhook(item);
    const future = await post(message.body, signed(message.id, message.body, Date.now() + 6 * 60_000));
    expect(future.status).toBe(401);
    expect(codeOf(future)).toBe('SIGNATURE_EXPIRED');
    expect(await status(item.fileId)).toBe('scanning');
    const skewed = await post(message.body, signed(message.id, message.body, Date.now() + 60_000));
    expect(skewed.status).toBe(200);
  });

  it('refuses a signed verdict that names another thread than the file is in', async () => {
    const item = await scannedUpload();
    const candidate = gate.app.createUser('Other candidate', 'candidate');
    const other = gate.app.createThread('Other', [candidate.user.id]);
    const message = toVerdictWebhook({ ...item, threadId: other.id });
    const response = await post(message.body, signed(message.id, message.body));
    expect(response.status).toBe(400);
    expect(codeOf(response)).toBe('WEBHOOK_BODY_INVALID');
    expect(await status(item.fileId)).toBe('scanning');
  });

  it("refuses a signed verdict whose webhook-id is another file's, so a receipt is never spent on the wrong file", async () => {
    const first = await scannedUpload();
    const second = await scannedUpload();
    const message = toVerdictWebhook(second);
    const wrongId = toVerdictWebhook(first).id;
    const response = await post(message.body, signed(wrongId, message.body));
    expect(response.status).toBe(400);
    expect(await status(second.fileId)).toBe('scanning');
    // The first file's own webhook still applies: its id was not consumed.
    const own = toVerdictWebhook(first);
    const applied = await post(own.body, signed(own.id, own.body));
    expect(JSON.parse(applied.body.toString())).toEqual({ outcome: 'published', fileId: first.fileId });
  });

  it('refuses a clean verdict signed for a different sha256 than the verdict table holds', async () => {
    const item = await scannedUpload();
    const message = toVerdictWebhook({ ...item, verdict: { ...item.verdict, sha256: 'a'.repeat(64) } });
    const response = await post(message.body, signed(message.id, message.body));
    expect(response.status).toBe(409);
    expect(codeOf(response)).toBe('VERDICT_MISMATCH');
    expect(await status(item.fileId)).toBe('scanning');
    expect((await get(gate.url, `/api/files/${item.fileId}/content`, gate.demo.companyToken)).status).toBe(
      404,
    );
  });

  it('refuses a signed call at version 2^53-1 that the table never held; the file stays revocable', async () => {
    const item = await scannedUpload();
    const forged = toVerdictWebhook({ ...item, version: Number.MAX_SAFE_INTEGER });
    const response = await post(forged.body, signed(forged.id, forged.body));
    expect(response.status).toBe(409);
    expect(codeOf(response)).toBe('VERDICT_VERSION_UNKNOWN');
    expect(await status(item.fileId)).toBe('scanning');
    // The real v1 still publishes; a later v2 (a re-scan finding malware) still revokes.
    const v1 = toVerdictWebhook(item);
    expect((await post(v1.body, signed(v1.id, v1.body))).status).toBe(200);
    expect(await status(item.fileId)).toBe('published');
    const v2: VerdictItem = {
      ...item,
      version: 2,
      writtenAt: item.writtenAt + 1,
      verdict: {
        ...item.verdict,
        kind: 'infected',
        findings: [{ engine: 'test', rule: 'late-signature', detail: 'found by a later signature' }],
      },
    };
    // The forged max version cannot pre-empt it either: the table decides, not the caller.
    const again = await post(forged.body, signed(forged.id, forged.body));
    expect(again.status).toBe(409);
    await gate.verdicts.put(v2);
    const revoke = toVerdictWebhook(v2);
    const revoked = await post(revoke.body, signed(revoke.id, revoke.body));
    expect(JSON.parse(revoked.body.toString())).toEqual({ outcome: 'revoked', fileId: item.fileId });
  });

  it('answers 413 to a huge body, declared or chunked, and keeps serving', async () => {
    const huge = `{"pad":"${'x'.repeat(5 * 1024 * 1024)}"}`;
    const declared = await post(huge, { 'content-length': String(Buffer.byteLength(huge)) });
    expect(declared.status).toBe(413);
    expect(codeOf(declared)).toBe('BODY_TOO_LARGE');
    const chunked = await post(huge, { 'transfer-encoding': 'chunked' });
    expect(chunked.status).toBe(413);
    expect((await fetch(`${gate.url}/healthz`)).status).toBe(200);
  });

  it('answers a signed body with wrong types with 400 WEBHOOK_BODY_INVALID, never 500', async () => {
    const item = await scannedUpload();
    const good = JSON.parse(toVerdictWebhook(item).body) as { data: Record<string, unknown> };
    const variants: unknown[] = [
      { ...good, data: { ...good.data, version: '1' } },
      { ...good, data: { ...good.data, verdict: 'clean' } },
      { ...good, data: { ...good.data, fileId: 42 } },
      { ...good, data: null },
      { ...good, type: 'verdict.deleted' },
      [good],
      'verdict',
      null,
    ];
    for (const variant of variants) {
      const body = JSON.stringify(variant);
      const response = await post(body, signed(`${item.fileId}:v1`, body));
      expect(response.status, body.slice(0, 80)).toBe(400);
      expect(codeOf(response)).toBe('WEBHOOK_BODY_INVALID');
    }
    expect(await status(item.fileId)).toBe('scanning');
  });
});
