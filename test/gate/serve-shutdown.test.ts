import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createWebhookSender } from '../../src/adapters/http/webhook-sender.js';
import { systemClock } from '../../src/shared/clock.js';
import { generateWebhookSecret } from '../../src/shared/webhooks/webhook-signature.js';
import { samples } from '../fixtures/files/samples.js';
import { settledFile, startTestGate, tempDataDir, upload } from './support/gate-harness.js';
import { openEvents } from './support/sse-client.js';

const openSockets = (server: Server) =>
  new Promise<number>((resolve, reject) =>
    server.getConnections((error, n) => (error ? reject(error) : resolve(n))),
  );

describe('shutdown', () => {
  it('keeps the webhook connection alive between sends, and close() drops it at once', async () => {
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.end('{}'));
    });
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    let connections = 0;
    server.on('connection', () => connections++);
    const sender = createWebhookSender({
      url: `http://127.0.0.1:${port}/api/webhooks/verdicts`,
      secrets: [generateWebhookSecret()],
      clock: systemClock,
    });
    try {
      await sender.send({ id: 'f_1:v1', body: '{}' });
      await sender.send({ id: 'f_2:v1', body: '{}' });
      expect(connections).toBe(1);
      expect(await openSockets(server)).toBe(1);
      sender.close();
      const deadline = Date.now() + 2_000;
      while ((await openSockets(server)) > 0 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 10));
      expect(await openSockets(server)).toBe(0);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('close() resolves promptly with an SSE client connected and webhook connections kept alive', async () => {
    const data = await tempDataDir();
    const gate = await startTestGate(data.dir);
    try {
      const { threadId, candidateToken } = gate.demo;
      const events = await openEvents(`${gate.url}/api/threads/${threadId}/events`, candidateToken);
      const file = (await (
        await upload(gate.url, threadId, candidateToken, samples.text, 'cv.txt')
      ).json()) as {
        id: string;
      };
      expect((await settledFile(gate.url, file.id, candidateToken)).status).toBe('published');
      const started = Date.now();
      await gate.close();
      // A generous bound, not a benchmark (bench/event-loop-under-scan prints close() times).
      expect(Date.now() - started).toBeLessThan(2_000);
      await events.close();
    } finally {
      await gate.close();
      await data.cleanup();
    }
  });
});
