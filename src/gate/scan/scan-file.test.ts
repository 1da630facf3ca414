import { describe, expect, it } from 'vitest';
import type { Clock } from '../../shared/clock.js';
import type { Scanner } from '../ports.js';
import type { EngineResult, VerdictKind } from '../verdict.js';
import { createBuiltinScanner } from './builtin/builtin-scanner.js';
import { bytesSubject } from './builtin/bytes-subject.js';
import { scanFile } from './scan-file.js';

const subject = bytesSubject('cv.txt', Buffer.from('Curriculum vitae\n'));

/** A clock that advances 5 ms each time it is read. */
function steppingClock(start = 1_000_000): Clock {
  let t = start;
  return { now: () => (t += 5) };
}

const engine = (name: string, kind: VerdictKind, rule?: string): Scanner => ({
  name,
  async scan(): Promise<EngineResult> {
    return {
      engine: name,
      version: `${name} 1.0`,
      kind,
      findings: rule === undefined ? [] : [{ engine: name, rule, detail: `${name} says ${rule}` }],
    };
  },
});

const options = { timeoutMs: 200, clock: steppingClock() };

describe('scanFile policy', () => {
  it('is clean only when every engine ran and found nothing', async () => {
    const v = await scanFile(subject, [engine('a', 'clean'), engine('b', 'clean')], options);
    expect(v.kind).toBe('clean');
    expect(v.engines).toEqual([
      { engine: 'a', version: 'a 1.0' },
      { engine: 'b', version: 'b 1.0' },
    ]);
    expect(v.sha256).toBe(subject.sha256);
  });

  it.each([
    [['infected', 'rejected', 'error', 'clean'], 'infected'],
    [['clean', 'rejected', 'error'], 'rejected'],
    [['clean', 'error'], 'error'],
    [['error', 'clean'], 'error'],
  ] as const)('combines %j into %s (infected > rejected > error > clean)', async (kinds, expected) => {
    const engines = kinds.map((k, i) => engine(`e${i}`, k, k === 'clean' ? undefined : `rule-${k}`));
    const v = await scanFile(subject, engines, options);
    expect(v.kind).toBe(expected);
    expect(v.findings.map((f) => f.rule).sort()).toEqual(
      kinds
        .filter((k) => k !== 'clean')
        .map((k) => `rule-${k}`)
        .sort(),
    );
  });

  it('fails closed when an engine throws', async () => {
    const throwing: Scanner = { name: 'boom', scan: async () => Promise.reject(new Error('socket hang up')) };
    const v = await scanFile(subject, [engine('a', 'clean'), throwing], options);
    expect(v.kind).toBe('error');
    expect(v.findings).toEqual([
      { engine: 'boom', rule: 'engine-error', detail: 'The boom engine failed: socket hang up' },
    ]);
  });

  it('fails closed when an engine throws before returning a promise', async () => {
    const sync: Scanner = {
      name: 'sync',
      scan: () => {
        throw new Error('not configured');
      },
    };
    const v = await scanFile(subject, [sync], options);
    expect(v.kind).toBe('error');
    expect(v.findings[0]?.rule).toBe('engine-error');
  });

  it('fails closed when an engine does not answer in time, and aborts it', async () => {
    let aborted = false;
    const slow: Scanner = {
      name: 'slow',
      scan: (_s, signal) =>
        new Promise((_, reject) => {
          signal?.addEventListener('abort', () => {
            aborted = true;
            reject(signal.reason);
          });
        }),
    };
    const v = await scanFile(subject, [slow, engine('a', 'clean')], { ...options, timeoutMs: 30 });
    expect(v.kind).toBe('error');
    expect(v.findings[0]?.rule).toBe('engine-timeout');
    expect(aborted).toBe(true);
  });

  it('runs the engines in parallel, each under its own deadline', async () => {
    // Each engine answers only once all three have started: run one after another, the first
    // would wait forever and time out.
    let release: () => void = () => {};
    const allStarted = new Promise<void>((ok) => {
      release = ok;
    });
    let started = 0;
    const waiting = (name: string): Scanner => ({
      name,
      async scan() {
        if (++started === 3) release();
        await allStarted;
        return { engine: name, version: '1', kind: 'clean', findings: [] };
      },
    });
    const v = await scanFile(subject, [waiting('a'), waiting('b'), waiting('c')], {
      ...options,
      timeoutMs: 2000,
    });
    expect(v.kind).toBe('clean');
  });

  it('is an error, never clean, without any engine', async () => {
    const v = await scanFile(subject, [], options);
    expect(v.kind).toBe('error');
    expect(v.findings[0]?.rule).toBe('no-engines');
  });

  it('is an error when an engine claims clean while reporting findings', async () => {
    const odd: Scanner = {
      name: 'odd',
      scan: async () => ({
        engine: 'odd',
        version: '1',
        kind: 'clean',
        findings: [{ engine: 'odd', rule: 'x', detail: 'x' }],
      }),
    };
    expect((await scanFile(subject, [odd], options)).kind).toBe('error');
  });

  it('records the detected type from the built-in engine, the time and the duration', async () => {
    const v = await scanFile(subject, [createBuiltinScanner(), engine('a', 'clean')], {
      timeoutMs: 1000,
      clock: steppingClock(2_000_000),
    });
    expect(v.detectedType).toBe('text/plain');
    expect(v.scannedAt).toBe(2_000_010);
    expect(v.durationMs).toBe(5);
  });
});
