import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHttpServer } from '../../src/runtime/server/create-http-server.js';
import { get, settledFile, startTestGate, tempDataDir, upload } from './support/gate-harness.js';

let data: Awaited<ReturnType<typeof tempDataDir>>;
let gate: Awaited<ReturnType<typeof startTestGate>>;

beforeEach(async () => {
  data = await tempDataDir();
  gate = await startTestGate(data.dir, { maxUploadBytes: 2 * 1024 * 1024 });
});
afterEach(async () => {
  await gate.close();
  await data.cleanup();
});

describe('page-facing fields: /api/me maxUploadBytes and /api/ops/summary streamLagMs', () => {
  it('tells the page the upload limit in /api/me when the context carries it', async () => {
    const server: Server = createHttpServer({ ...gate.ctx, maxUploadBytes: 2 * 1024 * 1024 });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const me = (await (await get(url, '/api/me', gate.demo.candidateToken)).json()) as {
        maxUploadBytes: unknown;
      };
      expect(me.maxUploadBytes).toBe(2 * 1024 * 1024);
    } finally {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    }
    // Through startGate: the configured limit once the wiring passes it, null (never a wrong number) before.
    const me = (await (await get(gate.url, '/api/me', gate.demo.candidateToken)).json()) as {
      maxUploadBytes: unknown;
    };
    expect([null, 2 * 1024 * 1024]).toContain(me.maxUploadBytes);
  });

  it('reports streamLagMs as null before any verdict, and as a number once one was delivered', async () => {
    const before = (await (await get(gate.url, '/api/ops/summary', gate.demo.operatorToken)).json()) as {
      streamLagMs: unknown;
    };
    expect(before.streamLagMs).toBeNull();
    const created = (await (
      await upload(gate.url, gate.demo.threadId, gate.demo.candidateToken, 'cv')
    ).json()) as {
      id: string;
    };
    expect((await settledFile(gate.url, created.id, gate.demo.candidateToken)).status).toBe('published');
    const after = (await (await get(gate.url, '/api/ops/summary', gate.demo.operatorToken)).json()) as {
      streamLagMs: unknown;
    };
    expect(typeof after.streamLagMs).toBe('number');
  });
});
