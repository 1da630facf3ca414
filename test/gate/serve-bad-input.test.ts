import { readdir } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, get, startTestGate, tempDataDir, upload } from './support/gate-harness.js';

let data: Awaited<ReturnType<typeof tempDataDir>>;
let gate: Awaited<ReturnType<typeof startTestGate>>;

beforeAll(async () => {
  data = await tempDataDir();
  gate = await startTestGate(data.dir, { maxUploadBytes: 64 * 1024 });
});
afterAll(async () => {
  await gate.close();
  await data.cleanup();
});

async function expectError(response: Response, status: number, code: string): Promise<void> {
  expect(response.status).toBe(status);
  const body = (await response.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(10);
  expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/);
}

const quarantine = () => readdir(join(data.dir, 'objects', 'quarantine'));

describe('sekisho serve: bad input gets a clear error and stores nothing', () => {
  it('answers 413 UPLOAD_TOO_LARGE for a body over the limit and leaves no file behind', async () => {
    const before = await quarantine();
    const response = await upload(
      gate.url,
      gate.demo.threadId,
      gate.demo.candidateToken,
      new Uint8Array(200 * 1024),
    );
    await expectError(response, 413, 'UPLOAD_TOO_LARGE');
    expect(await quarantine()).toEqual(before);
  });

  it('deletes the partial file when the client disconnects in the middle of an upload', async () => {
    const before = await quarantine();
    const { port } = new URL(gate.url);
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    const part = `--B\r\nContent-Disposition: form-data; name="file"; filename="cv.txt"\r\n\r\n${'x'.repeat(30_000)}`;
    socket.write(
      `POST /api/threads/${gate.demo.threadId}/files HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${gate.demo.candidateToken}\r\n` +
        `Content-Type: multipart/form-data; boundary=B\r\nContent-Length: 60000\r\n\r\n${part}`,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await quarantine()).some((name) => name.endsWith('.part'))).toBe(true);
    socket.destroy();
    await eventually(async () => ((await quarantine()).length === before.length ? true : undefined), 5_000);
    expect(await quarantine()).toEqual(before);
  });

  it('answers 400 FILE_EMPTY for an empty file', async () => {
    const before = await quarantine();
    await expectError(
      await upload(gate.url, gate.demo.threadId, gate.demo.candidateToken, ''),
      400,
      'FILE_EMPTY',
    );
    expect(await quarantine()).toEqual(before);
  });

  it('answers 400 MULTIPART_INVALID for a malformed or non-multipart body', async () => {
    const auth = { authorization: `Bearer ${gate.demo.candidateToken}` };
    const url = `${gate.url}/api/threads/${gate.demo.threadId}/files`;
    const truncated = await fetch(url, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'multipart/form-data; boundary=XYZ' },
      body: '--XYZ\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nhello',
    });
    await expectError(truncated, 400, 'MULTIPART_INVALID');
    const json = await fetch(url, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: '{}',
    });
    await expectError(json, 400, 'MULTIPART_INVALID');
  });

  it('answers 400 FILE_FIELD_MISSING when there is no field named file', async () => {
    const form = new FormData();
    form.append('document', new Blob(['hello']), 'a.txt');
    const response = await fetch(`${gate.url}/api/threads/${gate.demo.threadId}/files`, {
      method: 'POST',
      body: form,
      headers: { authorization: `Bearer ${gate.demo.candidateToken}` },
    });
    await expectError(response, 400, 'FILE_FIELD_MISSING');
  });

  it('answers 404 THREAD_NOT_FOUND for an unknown thread', async () => {
    await expectError(
      await upload(gate.url, 't_nope', gate.demo.candidateToken, 'hi'),
      404,
      'THREAD_NOT_FOUND',
    );
  });

  it('answers 401 UNAUTHENTICATED for a missing or wrong token', async () => {
    await expectError(await upload(gate.url, gate.demo.threadId, null, 'hi'), 401, 'UNAUTHENTICATED');
    await expectError(
      await upload(gate.url, gate.demo.threadId, 'wrong-token', 'hi'),
      401,
      'UNAUTHENTICATED',
    );
    await expectError(await get(gate.url, '/api/me', 'wrong-token'), 401, 'UNAUTHENTICATED');
  });

  it('answers 403 FORBIDDEN when the company tries to upload', async () => {
    await expectError(
      await upload(gate.url, gate.demo.threadId, gate.demo.companyToken, 'hi'),
      403,
      'FORBIDDEN',
    );
  });

  it('answers 404 for an unknown path and 405 for a wrong method, as JSON errors', async () => {
    await expectError(await fetch(`${gate.url}/api/nothing`), 404, 'NOT_FOUND');
    await expectError(await fetch(`${gate.url}/api/webhooks/verdicts`), 405, 'METHOD_NOT_ALLOWED');
  });

  it('serves the page with a strict Content-Security-Policy and signs a demo user in with a cookie', async () => {
    const page = await fetch(`${gate.url}/`);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const demo = await fetch(`${gate.url}/demo/company`, { redirect: 'manual' });
    expect(demo.status).toBe(303);
    const cookie = demo.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^sekisho_session=.+; HttpOnly; SameSite=Strict; Path=\//);
    const me = await fetch(`${gate.url}/api/me`, { headers: { cookie: cookie.split(';')[0] as string } });
    expect(((await me.json()) as { user: { role: string } }).user.role).toBe('company');
  });
});
