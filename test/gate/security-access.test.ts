import { type IncomingMessage, request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Scanner } from '../../src/gate/ports.js';
import { createBuiltinScanner } from '../../src/gate/scan/builtin/builtin-scanner.js';
import { eventually, get, settledFile, startTestGate, tempDataDir, upload } from './support/gate-harness.js';
import { rawRequest } from './support/raw-request.js';
import { openEvents } from './support/sse-client.js';

const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';
const CV = 'Curriculum vitae\nHanako Yamada\n';

let data: Awaited<ReturnType<typeof tempDataDir>>;
let gate: Awaited<ReturnType<typeof startTestGate>>;

beforeEach(async () => {
  data = await tempDataDir();
  gate = await startTestGate(data.dir, { maxUploadBytes: 64 * 1024 * 1024 });
});
afterEach(async () => {
  await gate.close();
  await data.cleanup();
});

/** A second thread with its own candidate and company, made through the app store. */
function otherThread() {
  const candidate = gate.app.createUser('Other candidate', 'candidate');
  const company = gate.app.createUser('Other company', 'company');
  const thread = gate.app.createThread('Other thread', [candidate.user.id, company.user.id]);
  return { threadId: thread.id, candidateToken: candidate.token, companyToken: company.token };
}

/** A scanner that holds every scan until `release` is called, so a file stays `scanning`. */
function heldScanner(): { scanner: Scanner; release: () => void } {
  let release = (): void => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  return {
    release: () => release(),
    scanner: {
      name: 'held',
      async scan() {
        await held;
        return { engine: 'held', version: '1', kind: 'clean', findings: [] };
      },
    },
  };
}

async function uploaded(body: string | Uint8Array, name = 'cv.txt'): Promise<{ id: string }> {
  const response = await upload(gate.url, gate.demo.threadId, gate.demo.candidateToken, body, name);
  expect(response.status).toBe(202);
  return (await response.json()) as { id: string };
}

async function published(body: string | Uint8Array, name = 'cv.txt'): Promise<string> {
  const { id } = await uploaded(body, name);
  expect((await settledFile(gate.url, id, gate.demo.companyToken)).status).toBe('published');
  return id;
}

/** Waits until the uploader sees the file in `status`. */
function statusBecomes(id: string, status: string): Promise<true> {
  return eventually(async () => {
    const view = (await (await get(gate.url, `/api/files/${id}`, gate.demo.candidateToken)).json()) as {
      status: string;
    };
    return view.status === status ? true : undefined;
  });
}

/** Every way to read a file's bytes or metadata; none may answer 2xx for `token`. */
async function expectNoAccess(id: string, token: string): Promise<void> {
  const auth = { authorization: `Bearer ${token}` };
  for (const [method, path, headers] of [
    ['GET', `/api/files/${id}/content`, auth],
    ['HEAD', `/api/files/${id}/content`, auth],
    ['GET', `/api/files/${id}/content`, { ...auth, range: 'bytes=0-10' }],
    ['GET', `/api/files/${id}/content?download=1`, auth],
    ['GET', `/api/files/${encodeURIComponent(id)}/content`, auth],
  ] as const) {
    const response = await rawRequest(gate.url, method, path, headers);
    expect(response.status, `${method} ${path}`).toBe(404);
    expect(response.body.toString()).not.toContain(CV);
  }
}

describe('security: nobody reads a file before it is published', () => {
  it('keeps a scanning file from everyone: content, HEAD and Range answer 404, and its view shows no storage path', async () => {
    const held = heldScanner();
    gate.setEngines([held.scanner]);
    try {
      const { id } = await uploaded(CV);
      await expectNoAccess(id, gate.demo.candidateToken);
      await expectNoAccess(id, gate.demo.companyToken);
      expect((await get(gate.url, `/api/files/${id}`, gate.demo.companyToken)).status).toBe(404);
      const thread = (await (
        await get(gate.url, `/api/threads/${gate.demo.threadId}`, gate.demo.companyToken)
      ).json()) as {
        files: { id: string }[];
      };
      expect(thread.files.map((f) => f.id)).not.toContain(id);
      const view = await (await get(gate.url, `/api/files/${id}`, gate.demo.candidateToken)).text();
      expect(JSON.parse(view)).toMatchObject({ id, status: 'scanning' });
      expect(view).not.toMatch(/objectKey|quarantine|\.part|\/tmp\//);
      expect(view).not.toContain(data.dir);
    } finally {
      held.release();
    }
  });

  it('keeps a blocked file from the company by id, in the thread listing and in its events', async () => {
    const companyEvents = await openEvents(
      `${gate.url}/api/threads/${gate.demo.threadId}/events`,
      gate.demo.companyToken,
    );
    try {
      const { id } = await uploaded(EICAR, 'eicar.txt');
      expect((await settledFile(gate.url, id, gate.demo.candidateToken)).status).toBe('blocked');
      await expectNoAccess(id, gate.demo.companyToken);
      await expectNoAccess(id, gate.demo.candidateToken);
      expect((await get(gate.url, `/api/files/${id}`, gate.demo.companyToken)).status).toBe(404);
      const thread = (await (
        await get(gate.url, `/api/threads/${gate.demo.threadId}`, gate.demo.companyToken)
      ).json()) as {
        files: { id: string }[];
      };
      expect(thread.files.map((f) => f.id)).not.toContain(id);
      // A later published file proves the company's stream is live and never carried the blocked one.
      const clean = await published(CV);
      await eventually(() => companyEvents.events.find((e) => e.data.id === clean));
      expect(companyEvents.events.filter((e) => e.data.id === id)).toEqual([]);
    } finally {
      await companyEvents.close();
    }
  });

  it('withdraws a revoked file: no content for anyone, gone from the company listing, one file.revoked event', async () => {
    const id = await published(CV);
    expect((await get(gate.url, `/api/files/${id}/content`, gate.demo.companyToken)).status).toBe(200);
    const companyEvents = await openEvents(
      `${gate.url}/api/threads/${gate.demo.threadId}/events`,
      gate.demo.companyToken,
    );
    try {
      const view = (await (await get(gate.url, `/api/files/${id}`, gate.demo.candidateToken)).json()) as {
        sha256: string;
      };
      gate.setEngines([createBuiltinScanner({ denylist: [view.sha256] })]);
      const rescan = await fetch(`${gate.url}/api/files/${id}/rescan`, {
        method: 'POST',
        headers: { authorization: `Bearer ${gate.demo.operatorToken}` },
      });
      expect(rescan.status).toBe(202);
      await statusBecomes(id, 'revoked');
      await expectNoAccess(id, gate.demo.companyToken);
      await expectNoAccess(id, gate.demo.candidateToken);
      expect((await get(gate.url, `/api/files/${id}`, gate.demo.companyToken)).status).toBe(404);
      const revoked = await eventually(() => companyEvents.events.find((e) => e.event === 'file.revoked'));
      expect(revoked.data).toMatchObject({
        id,
        status: 'revoked',
        explanation: null,
        verdict: { findings: [] },
      });
    } finally {
      await companyEvents.close();
    }
  });

  it('cuts off a download in progress when the file is revoked', async () => {
    const size = 48 * 1024 * 1024;
    const id = await published(new Uint8Array(size).fill(0x41), 'big.txt');
    const view = (await (await get(gate.url, `/api/files/${id}`, gate.demo.candidateToken)).json()) as {
      sha256: string;
    };
    const { hostname, port } = new URL(gate.url);
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      request(
        {
          hostname,
          port,
          path: `/api/files/${id}/content`,
          headers: { authorization: `Bearer ${gate.demo.companyToken}` },
        },
        resolve,
      )
        .on('error', reject)
        .end();
    });
    expect(response.statusCode).toBe(200);
    // A slow reader: take one chunk, then stop, so the server fills the socket and waits.
    let received = 0;
    await new Promise<void>((resolve) =>
      response.once('data', (chunk: Buffer) => {
        received += chunk.length;
        response.pause();
        resolve();
      }),
    );
    gate.setEngines([createBuiltinScanner({ denylist: [view.sha256] })]);
    const rescan = await fetch(`${gate.url}/api/files/${id}/rescan`, {
      method: 'POST',
      headers: { authorization: `Bearer ${gate.demo.operatorToken}` },
    });
    expect(rescan.status).toBe(202);
    await statusBecomes(id, 'revoked');
    // Read on: the bytes already in the socket arrive, then the server stops short of the file.
    const ending = await new Promise<string>((resolve) => {
      response.on('data', (chunk: Buffer) => {
        received += chunk.length;
      });
      response.on('aborted', () => resolve('aborted'));
      response.on('error', () => resolve('aborted'));
      response.on('end', () => resolve('end'));
      response.resume();
    });
    expect(ending).toBe('aborted');
    expect(received).toBeLessThan(size);
  }, 60_000);
});

describe('security: another thread (IDOR)', () => {
  it('gives a participant of another thread nothing of this one: files, content, listing, events, messages, uploads', async () => {
    const id = await published(CV);
    const other = otherThread();
    const message = await fetch(`${gate.url}/api/threads/${gate.demo.threadId}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${gate.demo.candidateToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'private note' }),
    });
    expect(message.status).toBe(201);
    for (const token of [other.candidateToken, other.companyToken]) {
      const auth = { authorization: `Bearer ${token}` };
      expect((await rawRequest(gate.url, 'GET', `/api/files/${id}`, auth)).status).toBe(404);
      await expectNoAccess(id, token);
      const thread = await rawRequest(gate.url, 'GET', `/api/threads/${gate.demo.threadId}`, auth);
      expect(thread.status).toBe(403);
      expect(thread.body.toString()).not.toContain('private note');
      expect(
        (await rawRequest(gate.url, 'GET', `/api/threads/${gate.demo.threadId}/events`, auth)).status,
      ).toBe(403);
      const post = await rawRequest(
        gate.url,
        'POST',
        `/api/threads/${gate.demo.threadId}/messages`,
        { ...auth, 'content-type': 'application/json' },
        JSON.stringify({ text: 'intrusion' }),
      );
      expect(post.status).toBe(403);
      const up = await upload(gate.url, gate.demo.threadId, token, CV);
      expect(up.status).toBe(403);
      const me = (await (await get(gate.url, '/api/me', token)).json()) as { threads: { id: string }[] };
      expect(me.threads.map((t) => t.id)).toEqual([other.threadId]);
    }
    const mine = (await (
      await get(gate.url, `/api/threads/${gate.demo.threadId}`, gate.demo.candidateToken)
    ).json()) as {
      messages: { text: string }[];
      files: { id: string }[];
    };
    expect(mine.messages.map((m) => m.text)).toContain('private note');
    expect(mine.messages.map((m) => m.text)).not.toContain('intrusion');
    expect(mine.files.map((f) => f.id)).toEqual([id]);
    // A company cannot upload even into its own thread.
    expect((await upload(gate.url, other.threadId, other.companyToken, CV)).status).toBe(403);
  });

  it('never shows another candidate a file id that belongs to this thread, even by guessing ids in paths', async () => {
    const id = await published(CV);
    const other = otherThread();
    for (const path of [
      `/api/files/${id}`,
      `/api/files/${id}/content`,
      `/api/files/${id.toUpperCase()}/content`,
      `/api/files/${id}%20/content`,
      `/api/files/${id}%00/content`,
    ]) {
      const response = await rawRequest(gate.url, 'GET', path, {
        authorization: `Bearer ${other.candidateToken}`,
      });
      expect(response.status, path).toBe(404);
      expect(response.body.toString()).not.toContain(CV);
    }
  });
});

describe('security: download headers', () => {
  it('sends octet-stream whatever type the uploader claimed, so nothing a browser renders comes back', async () => {
    // (An actual HTML document is refused by the upload policy; this text file claims text/html.)
    const form = new FormData();
    form.append('file', new Blob([CV], { type: 'text/html' }), 'cv.txt');
    const created = (await (
      await fetch(`${gate.url}/api/threads/${gate.demo.threadId}/files`, {
        method: 'POST',
        body: form,
        headers: { authorization: `Bearer ${gate.demo.candidateToken}` },
      })
    ).json()) as { id: string };
    const view = await settledFile(gate.url, created.id, gate.demo.candidateToken);
    expect(view.status).toBe('published');
    const content = await get(gate.url, `/api/files/${created.id}/content`, gate.demo.companyToken);
    expect(content.headers.get('content-type')).toBe('application/octet-stream');
    expect(content.headers.get('x-content-type-options')).toBe('nosniff');
    expect(content.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(content.headers.get('content-security-policy')).toContain('sandbox');
  });

  it('names a Japanese file with RFC 5987 filename* and an ASCII fallback', async () => {
    const id = await published(CV, '履歴書 (最新).txt');
    const content = await get(gate.url, `/api/files/${id}/content`, gate.demo.companyToken);
    const disposition = content.headers.get('content-disposition') ?? '';
    const star = /filename\*=UTF-8''([^;\s]+)/.exec(disposition)?.[1] ?? '';
    expect(star).toMatch(/^[A-Za-z0-9%!#$&+.^_`|~-]+$/); // RFC 5987 attr-char and pct-encoded only
    expect(decodeURIComponent(star)).toBe('履歴書 (最新).txt');
    expect(disposition).toMatch(/filename="[\x20-\x7e]+"/);
  });

  it('lets no file name inject a header or a parameter (CR/LF, quotes, semicolons via RFC 2231)', async () => {
    const boundary = 'sekishoBoundary';
    const evil = `evil"; filename=x.html\r\nX-Injected: 1\r\n.txt`;
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename*=UTF-8''${encodeURIComponent(evil)}\r\n` +
          'Content-Type: text/plain\r\n\r\n',
      ),
      Buffer.from(CV),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const response = await rawRequest(
      gate.url,
      'POST',
      `/api/threads/${gate.demo.threadId}/files`,
      {
        authorization: `Bearer ${gate.demo.candidateToken}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
      body,
    );
    expect(response.status).toBe(202);
    const { id, name } = JSON.parse(response.body.toString()) as { id: string; name: string };
    expect(name).not.toMatch(/[\r\n]/);
    expect((await settledFile(gate.url, id, gate.demo.companyToken)).status).toBe('published');
    const content = await rawRequest(gate.url, 'GET', `/api/files/${id}/content`, {
      authorization: `Bearer ${gate.demo.companyToken}`,
    });
    expect(content.status).toBe(200);
    expect(content.headers['x-injected']).toBeUndefined();
    const disposition = String(content.headers['content-disposition']);
    // Exactly the two parameters: the quoted fallback cannot close early, filename* has no raw ; or '.
    expect(disposition).toMatch(/^attachment; filename="[^"]*"; filename\*=UTF-8''[^;'\s]+$/);
    expect(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(disposition)?.[1] ?? '')).toBe(name);
  });
});
