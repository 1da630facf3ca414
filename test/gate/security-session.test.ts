import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestGate, tempDataDir, upload } from './support/gate-harness.js';
import { rawRequest } from './support/raw-request.js';

let data: Awaited<ReturnType<typeof tempDataDir>>;
let gate: Awaited<ReturnType<typeof startTestGate>>;

beforeEach(async () => {
  data = await tempDataDir();
  gate = await startTestGate(data.dir);
});
afterEach(async () => {
  await gate.close();
  await data.cleanup();
});

async function signIn(role: 'candidate' | 'company', headers: Record<string, string> = {}): Promise<string> {
  const response = await rawRequest(gate.url, 'GET', `/demo/${role}`, headers);
  expect(response.status).toBe(303);
  const cookie = String(response.headers['set-cookie']);
  return cookie.split(';')[0] as string;
}

function postMessage(headers: Record<string, string>): Promise<Awaited<ReturnType<typeof rawRequest>>> {
  return rawRequest(
    gate.url,
    'POST',
    `/api/threads/${gate.demo.threadId}/messages`,
    { 'content-type': 'application/json', ...headers },
    JSON.stringify({ text: 'hello' }),
  );
}

describe('security: the session cookie', () => {
  it('is HttpOnly, SameSite=Strict, Path=/ and not Secure over plain http', async () => {
    const response = await rawRequest(gate.url, 'GET', '/demo/candidate');
    const cookie = String(response.headers['set-cookie']);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).not.toMatch(/Secure/);
  });

  it('is Secure when a proxy says the browser came over https', async () => {
    const demo = await rawRequest(gate.url, 'GET', '/demo/candidate', { 'x-forwarded-proto': 'https' });
    expect(String(demo.headers['set-cookie'])).toMatch(/; Secure/);
    const session = await rawRequest(
      gate.url,
      'POST',
      '/api/session',
      { 'content-type': 'application/json', 'x-forwarded-proto': 'https', origin: gate.url },
      JSON.stringify({ token: gate.demo.companyToken }),
    );
    expect(session.status).toBe(200);
    expect(String(session.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict; Path=\/; Secure/);
  });

  it('revokes the session on sign-out: a copy of the cookie is refused afterwards, the API token still works', async () => {
    const cookie = await signIn('candidate');
    expect(cookie).not.toContain(encodeURIComponent(gate.demo.candidateToken));
    expect((await fetch(`${gate.url}/api/me`, { headers: { cookie } })).status).toBe(200);
    const signOut = await rawRequest(gate.url, 'DELETE', '/api/session', { cookie, origin: gate.url });
    expect(signOut.status).toBe(200);
    const replayed = await fetch(`${gate.url}/api/me`, { headers: { cookie } });
    expect(replayed.status).toBe(401);
    const bearer = await fetch(`${gate.url}/api/me`, {
      headers: { authorization: `Bearer ${gate.demo.candidateToken}` },
    });
    expect(bearer.status).toBe(200);
  });

  it('stores tokens only as sha256, so a lookup compares hashes and the database holds no usable token', async () => {
    const db = new Database(join(data.dir, 'app.sqlite'), { readonly: true });
    try {
      const rows = db.prepare('SELECT token_sha256 FROM tokens').all() as { token_sha256: string }[];
      const hashes = rows.map((r) => r.token_sha256);
      for (const token of [gate.demo.candidateToken, gate.demo.companyToken, gate.demo.operatorToken])
        expect(hashes).toContain(createHash('sha256').update(token).digest('hex'));
    } finally {
      db.close();
    }
    for (const name of await readdir(data.dir)) {
      if (!name.startsWith('app.sqlite')) continue;
      const bytes = (await readFile(join(data.dir, name))).toString('latin1');
      expect(bytes).not.toContain(gate.demo.candidateToken);
    }
  });
});

describe('security: cross-site requests with the cookie (CSRF)', () => {
  it('refuses a cookie-authenticated POST from another origin with 403 ORIGIN_FORBIDDEN, and acts on nothing', async () => {
    const cookie = await signIn('candidate');
    const refused = await postMessage({ cookie, origin: 'https://evil.example' });
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body.toString())).toMatchObject({ error: { code: 'ORIGIN_FORBIDDEN' } });
    const nullOrigin = await postMessage({ cookie, origin: 'null' });
    expect(nullOrigin.status).toBe(403);
    const crossSite = await postMessage({ cookie, 'sec-fetch-site': 'cross-site' });
    expect(crossSite.status).toBe(403);
    const sameSite = await postMessage({ cookie, 'sec-fetch-site': 'same-site' });
    expect(sameSite.status).toBe(403);
    const form = new FormData();
    form.append('file', new Blob(['cv']), 'cv.txt');
    const uploadRefused = await fetch(`${gate.url}/api/threads/${gate.demo.threadId}/files`, {
      method: 'POST',
      body: form,
      headers: { cookie, origin: 'https://evil.example' },
    });
    expect(uploadRefused.status).toBe(403);
    const signOut = await rawRequest(gate.url, 'DELETE', '/api/session', {
      cookie,
      origin: 'https://evil.example',
    });
    expect(signOut.status).toBe(403);
    const thread = (await (
      await fetch(`${gate.url}/api/threads/${gate.demo.threadId}`, { headers: { cookie } })
    ).json()) as { messages: { text: string }[]; files: unknown[] };
    expect(thread.messages.map((m) => m.text)).not.toContain('hello');
    expect(thread.files).toEqual([]);
  });

  it('accepts the page itself: same Origin, or same-origin Sec-Fetch-Site', async () => {
    const cookie = await signIn('candidate');
    expect((await postMessage({ cookie, origin: gate.url })).status).toBe(201);
    expect((await postMessage({ cookie, 'sec-fetch-site': 'same-origin' })).status).toBe(201);
  });

  it('refuses a cross-site sign-in (login CSRF) but not a Bearer client without an Origin', async () => {
    const login = await rawRequest(
      gate.url,
      'POST',
      '/api/session',
      { 'content-type': 'application/json', origin: 'https://evil.example' },
      JSON.stringify({ token: gate.demo.companyToken }),
    );
    expect(login.status).toBe(403);
    expect(login.headers['set-cookie']).toBeUndefined();
    // A script or the release function sends Authorization (a page cannot, cross-origin).
    const bearer = await postMessage({
      authorization: `Bearer ${gate.demo.candidateToken}`,
      origin: 'https://x.example',
    });
    expect(bearer.status).toBe(201);
    expect((await upload(gate.url, gate.demo.threadId, gate.demo.candidateToken, 'cv')).status).toBe(202);
  });
});
