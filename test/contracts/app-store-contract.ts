import { afterEach, describe, expect, it } from 'vitest';
import type { AppStore, FileChange } from '../../src/gate/app/app-store.js';
import type { FileRecord } from '../../src/gate/files/file-status.js';
import type { Verdict } from '../../src/gate/verdict.js';
import { type FakeClock, fakeClock } from '../stream/stream-fixtures.js';
import { freshStores, type Opened } from './opened.js';

const clean: Verdict = {
  kind: 'clean',
  findings: [],
  engines: [{ engine: 'builtin', version: '1' }],
  sha256: '0'.repeat(64),
  detectedType: 'text/plain',
  scannedAt: 0,
  durationMs: 1,
};

const publish = (version: number, at: number): FileChange => ({
  kind: 'update',
  status: 'published',
  version,
  verdict: clean,
  blockReason: null,
  publishedAt: at,
});

/**
 * The behaviour every `AppStore` must show (SQLite here; the web app's own database elsewhere),
 * with the store reading time from `clock`.
 */
export function appStoreContract(name: string, open: (clock: FakeClock) => Promise<Opened<AppStore>>): void {
  describe(`${name}: the AppStore contract`, () => {
    const clock = fakeClock();
    const fresh = freshStores(() => open(clock), afterEach);

    /** A thread with a candidate and a company, and one uploaded file. */
    async function seeded() {
      const app = await fresh();
      const candidate = app.createUser('Hanako', 'candidate');
      const company = app.createUser('Acme', 'company');
      const thread = app.createThread('Application', [candidate.user.id, company.user.id]);
      const file = app.insertFile({
        id: 'f_1',
        threadId: thread.id,
        uploaderId: candidate.user.id,
        name: 'cv.pdf',
        size: 3,
        sha256: '0'.repeat(64),
        objectKey: 'f_1',
        createdAt: clock.now(),
      });
      return { app, candidate, company, thread, file };
    }

    it('signs users in by their token only', async () => {
      const { app, candidate } = await seeded();
      expect(app.userByToken(candidate.token)).toEqual(candidate.user);
      expect(candidate.user.role).toBe('candidate');
      expect(app.userByToken('not-a-token')).toBeNull();
    });

    it('keeps threads with their participants and messages in order', async () => {
      const { app, candidate, company, thread } = await seeded();
      const outsider = app.createUser('Other', 'company');
      expect(app.getThread(thread.id)).toEqual(thread);
      expect(app.getThread('t_unknown')).toBeNull();
      expect(app.isParticipant(thread.id, company.user.id)).toBe(true);
      expect(app.isParticipant(thread.id, outsider.user.id)).toBe(false);
      expect(
        app
          .participants(thread.id)
          .map((u) => u.id)
          .sort(),
      ).toEqual([candidate.user.id, company.user.id].sort());
      expect(app.threadsOf(candidate.user.id)).toEqual([thread]);
      expect(app.threadsOf(outsider.user.id)).toEqual([]);
      app.addMessage(thread.id, candidate.user.id, 'first');
      app.addMessage(thread.id, company.user.id, 'second');
      expect(app.messages(thread.id).map((m) => [m.author.id, m.text])).toEqual([
        [candidate.user.id, 'first'],
        [company.user.id, 'second'],
      ]);
    });

    it('stores an upload as scanning, and lists it until a verdict is applied', async () => {
      const { app, thread, file } = await seeded();
      expect(file).toMatchObject({ status: 'scanning', verdictVersion: 0, verdict: null, publishedAt: null });
      expect(app.getFile('f_1')).toEqual(file);
      expect(app.filesOf(thread.id)).toEqual([file]);
      expect(app.filesScanning().map((f) => f.id)).toEqual(['f_1']);
    });

    it('applies a verdict once per webhook id, passing the current file to decide, and keeps the receipt', async () => {
      const { app } = await seeded();
      const seen: FileRecord[] = [];
      const first = app.applyVerdict('f_1:v1', 'f_1', (file) => {
        seen.push(file);
        return publish(1, clock.now());
      });
      expect(first?.outcome).toBe('published');
      expect(first?.file).toMatchObject({ status: 'published', verdictVersion: 1, verdict: clean });
      expect(seen.map((f) => f.status)).toEqual(['scanning']);
      expect(app.hasReceipt('f_1:v1')).toBe(true);
      expect(app.applyVerdict('f_1:v1', 'f_1', () => publish(1, 0))?.outcome).toBe('duplicate');
      expect(seen).toHaveLength(1);
      expect(app.filesScanning()).toEqual([]);
    });

    it('answers stale for a change that is not newer, and null for an unknown file', async () => {
      const { app } = await seeded();
      app.applyVerdict('f_1:v2', 'f_1', () => publish(2, 1));
      expect(app.applyVerdict('f_1:v1', 'f_1', () => publish(1, 2))?.outcome).toBe('stale');
      expect(app.applyVerdict('x:v1', 'f_1', () => ({ kind: 'stale' }))?.outcome).toBe('stale');
      expect(app.getFile('f_1')?.verdictVersion).toBe(2);
      expect(app.applyVerdict('f_unknown:v1', 'f_unknown', () => publish(1, 0))).toBeNull();
    });

    it('prunes receipts older than a time, and keeps named watermarks', async () => {
      const { app } = await seeded();
      app.applyVerdict('f_1:v1', 'f_1', () => publish(1, 0));
      clock.advance(10_000);
      app.applyVerdict('f_1:v2', 'f_1', () => publish(2, 0));
      expect(app.pruneReceipts(clock.now() - 5_000)).toBe(1);
      expect(app.hasReceipt('f_1:v1')).toBe(false);
      expect(app.hasReceipt('f_1:v2')).toBe(true);
      expect(app.watermark('verdict-poll')).toBeNull();
      app.setWatermark('verdict-poll', 42);
      app.setWatermark('verdict-poll', 43);
      expect(app.watermark('verdict-poll')).toBe(43);
    });
  });
}
