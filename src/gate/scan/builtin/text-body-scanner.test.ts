import { describe, expect, it } from 'vitest';
import { prng } from '../../../../test/support/prng.js';
import type { ScanSubject } from '../../ports.js';
import { defaultScanPolicy } from '../scan-policy.js';
import { defaultBuiltinLimits } from './builtin-limits.js';
import { scanTextBody } from './text-body-scanner.js';
import { findScriptHit } from './text-inspector.js';

/** `text` as a subject whose stream comes in the given piece sizes, as a file or a socket may. */
function piecewise(text: string, size: () => number): ScanSubject {
  const bytes = Buffer.from(text, 'latin1');
  return {
    displayName: 'notes.txt',
    size: bytes.length,
    sha256: '',
    async *stream() {
      for (let at = 0; at < bytes.length; ) {
        const n = size();
        yield bytes.subarray(at, at + n);
        at += n;
      }
    },
    read: async (start, end) => bytes.subarray(start, end),
  };
}

const ctx = {
  limits: defaultBuiltinLimits,
  policy: defaultScanPolicy,
  denylist: new Set<string>(),
  signal: undefined,
  budget: { entries: 0, expandedBytes: 0 },
};

// Words of ordinary text, and the words of the scripts the check refuses, which the generator
// spreads apart with whitespace runs of every length (a pattern takes whitespace as \s, \s*, \s+).
const WORDS = ['name', 'role', 'Tokyo', 'engineer', '2026', 'power', 'shell', 'eval', 'echo', 'off', 'cmd'];
const SCRIPTS = [
  ['powershell', '-enc', 'SQBFAFgA'],
  ['eval', '(x)'],
  ['new', 'Function', '("a")'],
  ['CreateObject', '("WScript.Shell")'],
];

function randomText(random: (n: number) => number): string {
  const space = () =>
    [' ', '\n', '\t', ' '.repeat(1 + random(2000)), '\n'.repeat(1 + random(900))][random(5)];
  const parts: string[] = [];
  for (let k = 0; k < 200; k++) {
    if (random(150) === 0) {
      const words = SCRIPTS[random(SCRIPTS.length)] as string[];
      parts.push(words.join(random(2) ? space() : ''));
    } else parts.push(WORDS[random(WORDS.length)] as string);
    parts.push(random(4) ? ' ' : (space() as string));
  }
  return parts.join('');
}

describe('scanTextBody: the same verdict however the file is cut into pieces', () => {
  it('refuses exactly the random texts whose whole text holds a script, on 200 texts in random pieces', async () => {
    const random = prng(20261201);
    let refused = 0;
    for (let round = 0; round < 200; round++) {
      const text = randomText(random);
      const whole = findScriptHit(text, false) !== null;
      const pieces = [1 + random(64), 1 + random(1024), 1 + random(8192)][random(3)] as number;
      const hits = await scanTextBody(
        piecewise(text, () => pieces),
        'utf-8',
        'text/markdown',
        ctx,
      );
      expect(hits.length > 0, `round ${round}, pieces of ${pieces}: ${JSON.stringify(hits)}`).toBe(whole);
      if (whole) refused++;
    }
    // Both kinds of text, or the comparison proves little.
    expect(refused).toBeGreaterThan(30);
    expect(refused).toBeLessThan(170);
  });
});
