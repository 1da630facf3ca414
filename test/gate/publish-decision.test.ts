import { describe, expect, it } from 'vitest';
import { decidePublication } from '../../src/gate/release/publish-decision.js';
import type { Verdict, VerdictKind } from '../../src/gate/verdict.js';

const sha = 'a'.repeat(64);
const other = 'b'.repeat(64);
const verdict = (kind: VerdictKind, sha256 = sha): Verdict => ({
  kind,
  findings: kind === 'clean' ? [] : [{ engine: 'builtin', rule: 'eicar', detail: 'EICAR test file' }],
  engines: [{ engine: 'builtin', version: 'builtin 0.1.0' }],
  sha256,
  detectedType: 'text/plain',
  scannedAt: 1,
  durationMs: 1,
});
const scanning = { status: 'scanning' as const, verdictVersion: 0, sha256: sha };

describe('decidePublication', () => {
  it('publishes a clean verdict for exactly the stored bytes', () => {
    expect(decidePublication(scanning, { version: 1, verdict: verdict('clean') }, sha).kind).toBe('publish');
  });

  it('blocks a clean verdict whose sha256 differs from the stored object', () => {
    expect(decidePublication(scanning, { version: 1, verdict: verdict('clean', other) }, sha).kind).toBe(
      'block',
    );
    // The bytes changed in quarantine after the upload (and the scan).
    expect(decidePublication(scanning, { version: 1, verdict: verdict('clean') }, other).kind).toBe('block');
  });

  it('blocks infected and rejected files and fails closed on a scan error or a missing object', () => {
    expect(decidePublication(scanning, { version: 1, verdict: verdict('infected') }, sha).kind).toBe('block');
    expect(decidePublication(scanning, { version: 1, verdict: verdict('rejected') }, sha).kind).toBe('block');
    expect(decidePublication(scanning, { version: 1, verdict: verdict('error') }, sha).kind).toBe('fail');
    expect(decidePublication(scanning, { version: 1, verdict: verdict('clean') }, null).kind).toBe('fail');
  });

  it('revokes a published file that a newer verdict finds infected', () => {
    const published = { status: 'published' as const, verdictVersion: 1, sha256: sha };
    expect(decidePublication(published, { version: 2, verdict: verdict('infected') }, sha)).toMatchObject({
      kind: 'revoke',
      status: 'revoked',
    });
  });

  it('ignores a verdict version that is not newer than the applied one', () => {
    const published = { status: 'published' as const, verdictVersion: 2, sha256: sha };
    expect(decidePublication(published, { version: 2, verdict: verdict('infected') }, sha).kind).toBe(
      'stale',
    );
    expect(decidePublication(published, { version: 1, verdict: verdict('infected') }, sha).kind).toBe(
      'stale',
    );
  });
});
