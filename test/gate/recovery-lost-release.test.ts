import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { ThreadEvent } from '../../src/gate/app/thread-events.js';
import { verdictWebhookId } from '../../src/gate/release/verdict-webhook.js';
import { samples } from '../fixtures/files/samples.js';
import { eventually, startTestGate, tempDataDir, upload } from './support/gate-harness.js';

const HOUR_MS = 60 * 60 * 1000;

describe('recovery of a release lost during a long downtime', () => {
  it('publishes, exactly once, a file whose verdict was written but whose stream record expired', async () => {
    const data = await tempDataDir();
    let now = Date.now();
    const clock = { now: () => now };
    // The web app is unreachable for the first run: every webhook answers 503, so the verdict is
    // written to the gate but never reaches the web app.
    const down = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(503).end());
    });
    await new Promise<void>((resolve) => down.listen(0, '127.0.0.1', resolve));
    const first = await startTestGate(data.dir, {
      clock,
      webhookUrl: `http://127.0.0.1:${(down.address() as AddressInfo).port}/`,
      drainTimeoutMs: 50,
    });
    const { threadId, candidateToken } = first.demo;
    let fileId = '';
    try {
      fileId = (
        (await (await upload(first.url, threadId, candidateToken, samples.text)).json()) as { id: string }
      ).id;
      await eventually(async () => ((await first.verdicts.get(fileId)) === null ? undefined : true));
      await first.scans.idle();
      expect(first.app.getFile(fileId)?.status).toBe('scanning');
    } finally {
      await first.close();
      await new Promise<void>((resolve) => down.close(() => resolve()));
    }

    // Back after more than a day: the gate database trims the stream record when it opens.
    now += 25 * HOUR_MS;
    const second = await startTestGate(data.dir, { clock });
    const events: ThreadEvent[] = [];
    const unsubscribe = second.events.subscribe(threadId, (event) => events.push(event));
    try {
      const file = await eventually(() => {
        const current = second.app.getFile(fileId);
        return current?.status === 'scanning' ? undefined : current;
      });
      expect(file).toMatchObject({ status: 'published', verdictVersion: 1 });
      // Delivering it again (a late stream record, a replay) changes nothing.
      const item = await second.verdicts.get(fileId);
      if (item === null) throw new Error('the verdict is gone');
      expect(await second.receiver.apply(verdictWebhookId(fileId, 1), item)).toBe('duplicate');
      expect(events.filter((e) => e.type === 'file.published')).toEqual([]);
    } finally {
      unsubscribe();
      await second.close();
    }

    // A third start finds nothing to recover: the release happened once.
    const third = await startTestGate(data.dir, { clock });
    try {
      expect(await third.uploads.recover(third.receiver.apply)).toBe(0);
      expect(third.app.getFile(fileId)?.status).toBe('published');
    } finally {
      await third.close();
      await data.cleanup();
    }
  });
});
