import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGate } from '../../src/runtime/gate/start-gate.js';
import { startTestGate, tempDataDir } from './support/gate-harness.js';
import { jsonOf, rawExchange, rawRequest } from './support/raw-request.js';

// The page root sits next to the data files, so one `..` too many would reach app.sqlite.
let data: Awaited<ReturnType<typeof tempDataDir>>;
let gate: Awaited<ReturnType<typeof startTestGate>>;

beforeEach(async () => {
  data = await tempDataDir();
  const webRoot = join(data.dir, 'web');
  await mkdir(join(webRoot, 'assets'), { recursive: true });
  await writeFile(join(webRoot, 'index.html'), '<!doctype html><title>page</title>');
  await writeFile(join(webRoot, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(join(data.dir, 'secret.json'), '{"secret":true}');
  gate = await startTestGate(join(data.dir, 'data'), { webRoot });
  // A copy of a data file right above the page root, where a traversal would land.
  await writeFile(join(data.dir, 'app.sqlite'), 'SQLite format 3\0 secret');
});
afterEach(async () => {
  await gate.close();
  await data.cleanup();
});

const TRAVERSALS = [
  '/assets/..%2f..%2fapp.sqlite',
  '/assets/..%2f..%2fdata/app.sqlite',
  '/assets/..%2F..%2Fsecret.json',
  '/assets/%2e%2e%2f%2e%2e%2fsecret.json',
  '/assets/%252e%252e%252fsecret.json',
  '/assets/..%252f..%252fsecret.json',
  '/assets/..\\..\\secret.json',
  '/assets/..%5c..%5csecret.json',
  '/assets/app.js%00.html',
  '/assets/%00',
  '/..%2fsecret.json',
  '/%2e%2e%2fsecret.json',
  '/..%5csecret.json',
  '/secret.json',
  '/app.sqlite',
  '/data/app.sqlite',
  '/data/objects/quarantine',
  '/objects/quarantine/x',
  '/%c0%ae%c0%ae%2fsecret.json',
  '/assets/%ff',
];

describe('security: static files and error bodies over real HTTP', () => {
  it('serves the page assets that exist, and resolves plain dot segments inside the site', async () => {
    const asset = await rawRequest(gate.url, 'GET', '/assets/app.js');
    expect(asset.status).toBe(200);
    expect(asset.body.toString()).toBe('console.log(1)');
    // Unescaped `..` is resolved as a URL path (RFC 3986 5.2.4) before routing: it can only climb to `/`.
    for (const path of ['/assets/..', '/assets/../..', '/../../../secret.json']) {
      const response = await rawRequest(gate.url, 'GET', path);
      expect(response.body.toString(), path).not.toContain('"secret":true');
      if (response.status === 200) expect(response.body.toString()).toContain('<title>page</title>');
    }
  });

  it.each(TRAVERSALS)('never serves a file outside the page root for %s', async (path) => {
    const response = await rawRequest(gate.url, 'GET', path);
    expect(response.status).toBe(404);
    expect(response.body.toString('latin1')).not.toContain('SQLite format 3');
    expect(response.body.toString('latin1')).not.toContain('"secret":true');
    expect(jsonOf(response.body)).toMatchObject({
      error: { code: expect.any(String), message: expect.any(String) },
    });
  });

  it('never serves a quarantined object by its id, under any path', async () => {
    const form = new FormData();
    form.append('file', new Blob(['quarantined bytes']), 'q.txt');
    const created = (await (
      await fetch(`${gate.url}/api/threads/${gate.demo.threadId}/files`, {
        method: 'POST',
        body: form,
        headers: { authorization: `Bearer ${gate.demo.candidateToken}` },
      })
    ).json()) as { id: string };
    for (const path of [
      `/assets/..%2f..%2fdata%2fobjects%2fquarantine%2f${created.id}`,
      `/assets/..%2fdata%2fobjects%2fquarantine%2f${created.id}`,
      `/objects/quarantine/${created.id}`,
      `/api/files/..%2f..%2fobjects%2fquarantine%2f${created.id}/content`,
      `/api/files/${created.id}%2f..%2f${created.id}/content`,
    ]) {
      const response = await rawRequest(gate.url, 'GET', path, {
        authorization: `Bearer ${gate.demo.candidateToken}`,
      });
      expect(response.status, path).toBe(404);
      expect(response.body.toString()).not.toContain('quarantined bytes');
    }
  });

  it('answers an unparseable request target with a 400 error body and keeps serving', async () => {
    const reply = await rawExchange(
      gate.url,
      'GET http://[ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    );
    expect(reply).toMatch(/^HTTP\/1\.1 400/);
    expect(reply).toContain('"code":"REQUEST_TARGET_INVALID"');
    expect((await fetch(`${gate.url}/healthz`)).status).toBe(200);
  });

  it('answers garbage on every route with the {error:{code,message}} shape, never a stack or a path', async () => {
    const bearer = { authorization: `Bearer ${gate.demo.candidateToken}` };
    const cases: [string, string, Record<string, string>, string | Buffer | undefined][] = [
      ['POST', '/api/session', { 'content-type': 'application/json' }, '{"token":'],
      ['POST', '/api/session', { 'content-type': 'application/json' }, '{"token":{"$ne":null}}'],
      ['POST', '/api/session', { 'content-type': 'application/json' }, '[1,2]'],
      ['POST', `/api/threads/${gate.demo.threadId}/messages`, bearer, '{"text":42}'],
      ['POST', `/api/threads/${gate.demo.threadId}/messages`, bearer, '{"text":["a"]}'],
      ['POST', `/api/threads/${gate.demo.threadId}/messages`, bearer, 'null'],
      ['POST', `/api/threads/${gate.demo.threadId}/messages`, bearer, Buffer.from([0xff, 0xfe, 0x00])],
      ['POST', `/api/threads/${gate.demo.threadId}/files`, bearer, 'not multipart'],
      [
        'POST',
        `/api/threads/${gate.demo.threadId}/files`,
        { ...bearer, 'content-type': 'multipart/form-data; boundary=x' },
        '--x\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n\r\nabc',
      ],
      ['POST', '/api/threads/%E0%A4%A/files', bearer, 'x'],
      ['GET', '/api/files/%/content', bearer, undefined],
      ['GET', '/api/files/../../etc/passwd', bearer, undefined],
      ['GET', '/api/threads/nope', bearer, undefined],
      ['GET', '/api/me', { authorization: 'Bearer' }, undefined],
      ['GET', '/api/me', { authorization: 'Basic Zm9vOmJhcg==' }, undefined],
      ['GET', '/api/me', { cookie: 'sekisho_session=%E0%A4%A' }, undefined],
      ['POST', '/api/webhooks/verdicts', { 'content-type': 'application/json' }, '{'],
      [
        'POST',
        '/api/webhooks/verdicts',
        { 'webhook-id': 'x', 'webhook-timestamp': 'now', 'webhook-signature': 'v1,' },
        '{}',
      ],
      ['POST', '/api/ops/dead-letters/%00/replay', bearer, undefined],
      ['POST', '/api/files/nope/rescan', bearer, '{'],
      ['PUT', '/api/me', bearer, '{}'],
      ['DELETE', '/api/threads/x', bearer, undefined],
      ['GET', '/demo/nobody', {}, undefined],
    ];
    for (const [method, path, headers, body] of cases) {
      const response = await rawRequest(gate.url, method, path, headers, body);
      const label = `${method} ${path}`;
      expect(response.status, label).toBeGreaterThanOrEqual(400);
      expect(response.status, label).toBeLessThan(500);
      const json = jsonOf(response.body) as { error: { code: string; message: string } };
      expect(json, label).toEqual({
        error: { code: expect.stringMatching(/^[A-Z0-9_]+$/), message: expect.any(String) },
      });
      const text = response.body.toString();
      expect(text, label).not.toMatch(
        /\bat \w.*\(|node:internal|node_modules|\/src\/|\.ts:\d|sqlite_|SqliteError/,
      );
      expect(text, label).not.toContain(data.dir);
    }
    expect((await fetch(`${gate.url}/healthz`)).status).toBe(200);
  });

  it('puts the strict Content-Security-Policy on every HTML response', async () => {
    for (const path of ['/', '/ops', '/index.html']) {
      const response = await rawRequest(gate.url, 'GET', path);
      if (!String(response.headers['content-type']).startsWith('text/html')) continue;
      expect(response.headers['content-security-policy'], path).toContain("default-src 'self'");
      expect(response.headers['content-security-policy'], path).toContain("frame-ancestors 'none'");
      expect(response.headers['content-security-policy'], path).toContain("object-src 'none'");
    }
    const root = await rawRequest(gate.url, 'GET', '/');
    expect(root.headers['content-type']).toMatch(/^text\/html/);
    // Error bodies are JSON, so no HTML can ever be rendered from one.
    const missing = await rawRequest(gate.url, 'GET', '/nothing<script>.html');
    expect(missing.headers['content-type']).toMatch(/^application\/json/);
    expect(missing.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('security: demo routes without --demo', () => {
  it('has no demo sign-in and no demo tokens when not started with --demo', async () => {
    const dir = await tempDataDir();
    const plain = await startGate({ dataDir: dir.dir, port: 0, env: {} });
    try {
      for (const role of ['candidate', 'company', 'operator']) {
        const response = await rawRequest(plain.url, 'GET', `/demo/${role}`);
        expect(response.status).toBe(404);
        expect(response.headers['set-cookie']).toBeUndefined();
      }
      const { user, token } = plain.ctx.app.createUser('Someone', 'company');
      // Outside demo mode a non-operator cannot see operations or re-scan.
      const ops = await rawRequest(plain.url, 'GET', '/api/ops/summary', {
        authorization: `Bearer ${token}`,
      });
      expect(ops.status).toBe(403);
      const rescan = await rawRequest(plain.url, 'POST', '/api/files/f_x/rescan', {
        authorization: `Bearer ${token}`,
      });
      expect(rescan.status).toBe(403);
      expect(user.role).toBe('company');
    } finally {
      await plain.close();
      await dir.cleanup();
    }
  });
});
