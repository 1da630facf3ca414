import { describe, expect, it } from 'vitest';
import { createVerdictReceiver } from '../../src/gate/app/verdict-receiver.js';
import type { ObjectStore } from '../../src/gate/ports.js';
import { verdictWebhookId } from '../../src/gate/release/verdict-webhook.js';
import { silentLogger } from '../../src/shared/logger.js';
import { samples } from '../fixtures/files/samples.js';
import { settledFile, startTestGate, tempDataDir, upload } from './support/gate-harness.js';

describe('a duplicate verdict webhook', () => {
  it('answers duplicate without re-hashing the stored object; a first delivery still re-hashes', async () => {
    const data = await tempDataDir();
    const gate = await startTestGate(data.dir);
    try {
      const { threadId, candidateToken } = gate.demo;
      const { id } = (await (await upload(gate.url, threadId, candidateToken, samples.text)).json()) as {
        id: string;
      };
      expect((await settledFile(gate.url, id, candidateToken)).status).toBe('published');
      const item = await gate.verdicts.get(id);
      if (item === null) throw new Error('no verdict');

      // The web app's real store and objects, with the hashing counted.
      const hashed: string[] = [];
      const objects: ObjectStore = {
        ...gate.objects,
        sha256: (key) => {
          hashed.push(key);
          return gate.objects.sha256(key);
        },
      };
      // The table as the receiver reads it: version 2 already written (a re-scan whose release is
      // this test's call, not the gate's own stream).
      const next = { ...item, version: 2, writtenAt: item.writtenAt + 1 };
      const receiver = createVerdictReceiver({
        app: gate.app,
        objects,
        verdicts: { get: async (fileId) => (fileId === id ? next : gate.verdicts.get(fileId)) },
        events: gate.events,
        metrics: gate.ctx.metrics,
        clock: gate.ctx.clock,
        logger: silentLogger,
        secrets: () => gate.secrets,
      });
      expect(await receiver.apply(verdictWebhookId(id, 1), item)).toBe('duplicate');
      expect(hashed).toEqual([]);

      // A verdict not seen before is still checked against the stored bytes.
      expect(await receiver.apply(verdictWebhookId(id, 2), next)).toBe('published');
      expect(hashed).toEqual([gate.app.getFile(id)?.objectKey]);
    } finally {
      await gate.close();
      await data.cleanup();
    }
  });
});
