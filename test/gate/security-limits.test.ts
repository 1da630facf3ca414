import { readdir, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHttpServer } from '../../src/runtime/server/create-http-server.js';
import { eventually, startTestGate, tempDataDir, upload } from './support/gate-harness.js';
import { openSocket, rawRequest } from './support/raw-request.js';

const LIMIT = 1024 * 1024;

let data: Awaited<ReturnType<typeof tempDataDir>>;
let gate: Awaited<ReturnType<typeof startTestGate>>;

beforeEach(async () => {
  data = await tempDataDir();
  gate = await startTestGate(data.dir, { maxUploadBytes: LIMIT });
});
afterEach(async () => {
  await gate.close();
  await data.cleanup();
});

const quarantine = () => readdir(join(data.dir, 'objects', 'quarantine'));

/** The gate's own routes on a second server with short timeouts, so a slow client shows in seconds. */
async function shortTimeoutServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createHttpServer(gate.ctx, {
    headersTimeoutMs: 600,
    requestTimeoutMs: 3_000,
    idleTimeoutMs: 800,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function closedWithin(socket: import('node:net').Socket, ms: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => reject(new Error(`still open after ${ms} ms`)), ms);
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('latin1'));
    });
  });
}

function multipartHead(boundary: string, threadId: string, token: string, extraHeaders = ''): string {
  return (
    `POST /api/threads/${threadId}/files HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\n` +
    `Content-Type: multipart/form-data; boundary=${boundary}\r\nTransfer-Encoding: chunked\r\n${extraHeaders}\r\n`
  );
}

function chunk(text: string | Buffer): Buffer {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  return Buffer.concat([Buffer.from(`${bytes.length.toString(16)}\r\n`), bytes, Buffer.from('\r\n')]);
}

describe('security: slow clients', () => {
  it('closes a connection whose headers trickle in (slowloris)', async () => {
    const server = await shortTimeoutServer();
    try {
      const socket = await openSocket(server.url);
      socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
      const ticker = setInterval(() => socket.writable && socket.write('X-Slow: 1\r\n'), 100);
      try {
        const reply = await closedWithin(socket, 5_000);
        expect(reply === '' || reply.startsWith('HTTP/1.1 408')).toBe(true);
      } finally {
        clearInterval(ticker);
      }
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('closes an upload that stops sending, and deletes its partial file', async () => {
    const server = await shortTimeoutServer();
    try {
      const socket = await openSocket(server.url);
      const boundary = 'slowBoundary';
      socket.write(multipartHead(boundary, gate.demo.threadId, gate.demo.candidateToken));
      socket.write(
        chunk(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="slow.txt"\r\n\r\n`),
      );
      socket.write(chunk(Buffer.alloc(64 * 1024, 0x41)));
      await eventually(async () =>
        (await quarantine()).some((n) => n.endsWith('.part')) ? true : undefined,
      );
      await closedWithin(socket, 5_000);
      await eventually(async () => ((await quarantine()).length === 0 ? true : undefined));
      expect(gate.app.filesOf(gate.demo.threadId)).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('records nothing for a body that ends its file part but never finishes the request', async () => {
    const server = await shortTimeoutServer();
    try {
      const socket = await openSocket(server.url);
      const boundary = 'stopsBoundary';
      socket.write(multipartHead(boundary, gate.demo.threadId, gate.demo.candidateToken));
      // The whole file part and the start of another, then silence: busboy has the complete
      // file, but the client never sent the closing boundary and never got its 202.
      socket.write(
        chunk(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="cv.txt"\r\n\r\n` +
            `Curriculum vitae\r\n--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhal`,
        ),
      );
      const answer = await closedWithin(socket, 5_000);
      expect(answer).not.toContain('202');
      await eventually(async () => ((await quarantine()).length === 0 ? true : undefined));
      expect(gate.app.filesOf(gate.demo.threadId)).toEqual([]);
      await new Promise((r) => setTimeout(r, 300));
      expect(gate.app.filesOf(gate.demo.threadId)).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('ends an upload that trickles past the request timeout, and deletes its partial file', async () => {
    const server = await shortTimeoutServer();
    try {
      const socket = await openSocket(server.url);
      const boundary = 'trickleBoundary';
      socket.write(multipartHead(boundary, gate.demo.threadId, gate.demo.candidateToken));
      socket.write(
        chunk(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="slow.txt"\r\n\r\n`),
      );
      // One small chunk every 300 ms: never idle long enough for the idle timeout.
      const ticker = setInterval(() => socket.writable && socket.write(chunk('A')), 300);
      try {
        await closedWithin(socket, 10_000);
      } finally {
        clearInterval(ticker);
      }
      await eventually(async () => ((await quarantine()).length === 0 ? true : undefined));
    } finally {
      await server.close();
    }
  }, 20_000);
});

describe('security: multipart bodies that try to exhaust the parser', () => {
  it('refuses a body with thousands of parts besides the file, without storing anything', async () => {
    const boundary = 'manyParts';
    const parts = Array.from(
      { length: 5_000 },
      (_, i) =>
        `--${boundary}\r\nContent-Disposition: form-data; name="f${i}"; filename="x${i}"\r\n\r\n${'y'.repeat(100)}\r\n`,
    ).join('');
    const body = `${parts}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="cv.txt"\r\n\r\ncv\r\n--${boundary}--\r\n`;
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
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body.toString())).toMatchObject({
      error: { code: expect.stringMatching(/^MULTIPART_INVALID|FILE_FIELD_MISSING$/) },
    });
    expect(await quarantine()).toEqual([]);
    expect((await fetch(`${gate.url}/healthz`)).status).toBe(200);
  });

  it('refuses a large non-file part instead of draining it forever', async () => {
    const boundary = 'bigPart';
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="other"; filename="pad.bin"\r\n\r\n`,
      ),
      Buffer.alloc(4 * 1024 * 1024, 0x42),
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
    ).catch((error: Error) => ({ status: -1, body: Buffer.from(error.message), headers: {} }));
    // Either a 400 before the client finished sending, or the connection closed on it.
    expect([400, -1]).toContain(response.status);
    if (response.status === 400)
      expect(JSON.parse(response.body.toString())).toMatchObject({ error: { code: 'MULTIPART_INVALID' } });
    expect(await quarantine()).toEqual([]);
  });

  it('refuses a part whose headers are huge, and a field far over the field size', async () => {
    const boundary = 'hugeHeader';
    const hugeHeader = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${'a'.repeat(200_000)}.txt"\r\nX-Pad: ${'p'.repeat(100_000)}\r\n\r\ncv\r\n--${boundary}--\r\n`;
    const first = await rawRequest(
      gate.url,
      'POST',
      `/api/threads/${gate.demo.threadId}/files`,
      {
        authorization: `Bearer ${gate.demo.candidateToken}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
      hugeHeader,
    );
    expect(first.status).toBeGreaterThanOrEqual(400);
    expect(first.status).toBeLessThan(500);
    const hugeField = `--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\n${'n'.repeat(2 * 1024 * 1024)}\r\n--${boundary}--\r\n`;
    const second = await rawRequest(
      gate.url,
      'POST',
      `/api/threads/${gate.demo.threadId}/files`,
      {
        authorization: `Bearer ${gate.demo.candidateToken}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
      hugeField,
    );
    expect(second.status).toBe(400);
    expect(await quarantine()).toEqual([]);
    expect((await fetch(`${gate.url}/healthz`)).status).toBe(200);
  });
});

describe('security: concurrent oversize uploads', () => {
  it('answers 413 to each of several concurrent oversize uploads (429 past the in-flight bound), stays up, and leaves no partial file', async () => {
    const big = new Uint8Array(3 * LIMIT).fill(0x43);
    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        upload(gate.url, gate.demo.threadId, gate.demo.candidateToken, big, `big-${i}.bin`)
          .then(async (r) => ({
            status: r.status,
            body: await r.text(),
            retryAfter: r.headers.get('retry-after'),
          }))
          .catch(() => ({ status: -1, body: '', retryAfter: null })),
      ),
    );
    for (const response of responses) {
      expect([413, 429, -1]).toContain(response.status);
      if (response.status === 413)
        expect(JSON.parse(response.body)).toMatchObject({ error: { code: 'UPLOAD_TOO_LARGE' } });
      if (response.status === 429) {
        expect(JSON.parse(response.body)).toMatchObject({ error: { code: 'UPLOADS_IN_FLIGHT' } });
        expect(response.retryAfter).toBe('1');
      }
    }
    expect(responses.some((r) => r.status === 413)).toBe(true);
    await eventually(async () => ((await quarantine()).length === 0 ? true : undefined));
    const ok = await upload(gate.url, gate.demo.threadId, gate.demo.candidateToken, 'cv');
    expect(ok.status).toBe(202);
  });
});

describe('security: partial uploads left by a crash', () => {
  it('sweeps a complete object no file row points at, and keeps the objects of recorded files', async () => {
    const kept = await upload(gate.url, gate.demo.threadId, gate.demo.candidateToken, 'a recorded CV');
    const { id } = (await kept.json()) as { id: string };
    await gate.close();
    // A crash between storing an object and inserting its row leaves exactly this.
    await writeFile(join(data.dir, 'objects', 'quarantine', 'f_orphaned'), 'never recorded');
    gate = await startTestGate(data.dir, { maxUploadBytes: LIMIT });
    expect(await quarantine()).toEqual([id]);
  });

  it('deletes a partial upload file when the server starts again on the same data directory', async () => {
    await gate.close();
    await writeFile(join(data.dir, 'objects', 'quarantine', 'f_crashed.part'), 'half an upload');
    gate = await startTestGate(data.dir, { maxUploadBytes: LIMIT });
    expect(await quarantine()).toEqual([]);
  });
});
