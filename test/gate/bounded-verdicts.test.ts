import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_VERDICT_BYTES } from '../../src/gate/scan/bound-verdict.js';
import { buildZip } from '../fixtures/files/build-zip.js';
import { settledFile, startTestGate, tempDataDir, upload } from './support/gate-harness.js';

let data: Awaited<ReturnType<typeof tempDataDir>>;
let gate: Awaited<ReturnType<typeof startTestGate>>;

beforeEach(async () => {
  data = await tempDataDir();
  gate = await startTestGate(data.dir, { dispatcher: { maximumRetryAttempts: 1 } });
});
afterEach(async () => {
  await gate.close();
  await data.cleanup();
});

/** 900 programs with 200-character paths: a verdict of one finding each would be about 290 KB. */
const manyPrograms = (): Buffer =>
  buildZip(
    Array.from({ length: 900 }, (_, i) => ({
      name: `${'very-long-directory-name/'.repeat(8)}program-${i}.exe`,
      data: `MZ\x90\x00${'x'.repeat(100)}`,
    })),
  );

describe('bounded verdicts', () => {
  it('ends a zip of 900 programs blocked, with a verdict under the bound that summarises the findings', async () => {
    const response = await upload(
      gate.url,
      gate.demo.threadId,
      gate.demo.candidateToken,
      manyPrograms(),
      'many.zip',
    );
    expect(response.status).toBe(202);
    const { id } = (await response.json()) as { id: string };
    // A generous wait: the figure (seconds) is measured by `npm run reliability`, not here.
    const view = (await settledFile(gate.url, id, gate.demo.candidateToken, 60_000)) as unknown as {
      status: string;
      verdict: { findings: { rule: string; detail: string }[] };
      explanation: { en: { reason: string } } | null;
    };
    expect(view.status).toBe('blocked');
    const findings = view.verdict.findings;
    // The scan core keeps the first few findings of each rule and one line that counts the rest
    // (cap-findings); the write-time bound (bound-verdict) is the safety net behind it.
    expect(findings.length).toBeLessThanOrEqual(6);
    expect(findings.at(-1)?.detail).toMatch(/900 (findings )?in all/);
    expect(view.explanation?.en.reason).toBeTruthy();
    const stored = await gate.verdicts.get(id);
    expect(Buffer.byteLength(JSON.stringify(stored?.verdict))).toBeLessThanOrEqual(MAX_VERDICT_BYTES);
  });

  it('resolves a verdict the receiver refuses with 413: the file fails closed with the reason, not left scanning', async () => {
    const stored = await gate.objects.putQuarantined(
      'f_huge',
      (async function* () {
        yield Buffer.from('a file\n');
      })(),
      1024,
    );
    const file = gate.app.insertFile({
      id: 'f_huge',
      threadId: gate.demo.threadId,
      uploaderId: gate.app.userByToken(gate.demo.candidateToken)?.id as string,
      name: 'huge-verdict.txt',
      size: stored.size,
      sha256: stored.sha256,
      objectKey: 'f_huge',
      createdAt: Date.now(),
    });
    // Written past the scan job's bound (an older writer, another engine): 300 KB of findings.
    await gate.verdicts.put({
      fileId: file.id,
      threadId: file.threadId,
      version: 1,
      uploadedAt: file.createdAt,
      writtenAt: Date.now(),
      verdict: {
        kind: 'rejected',
        findings: Array.from({ length: 1200 }, (_, i) => ({
          engine: 'other',
          rule: 'long-rule',
          detail: `${'x'.repeat(250)} ${i}`,
        })),
        engines: [{ engine: 'other', version: '1' }],
        sha256: file.sha256,
        detectedType: 'text/plain',
        scannedAt: Date.now(),
        durationMs: 1,
      },
    });
    const view = (await settledFile(gate.url, file.id, gate.demo.candidateToken)) as unknown as {
      status: string;
      verdict: { findings: { rule: string; detail: string }[] };
    };
    expect(view.status).toBe('failed');
    expect(view.verdict.findings[0]?.rule).toBe('verdict-undeliverable');
    expect(view.verdict.findings[0]?.detail).toContain('413');
    expect(await gate.deadLetters.count()).toBe(0);
  });
});
