import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClamdProbe } from '../../src/adapters/clamd/clamd-probe.js';
import { createEngineHealth } from '../../src/runtime/gate/engine-health.js';
import { capturingLogger, type LogLine } from '../support/capturing-logger.js';
import { type RunningClamd, startClamd } from '../support/clamd.js';

let clamd: RunningClamd;
beforeAll(async () => {
  clamd = await startClamd();
});
afterAll(async () => {
  await clamd?.stop();
});

describe('createEngineHealth with a real clamd', () => {
  it('reports clamd up with its version, reuses a fresh result, and logs down and up once each', async () => {
    let now = 1_000_000;
    const clock = { now: () => now };
    const lines: LogLine[] = [];
    let address = clamd.tcpAddress;
    const health = createEngineHealth({
      // A probe that follows `address`, so the test can point it at clamd and away again.
      probes: [
        {
          engine: 'clamav',
          get where() {
            return address;
          },
          check: () => createClamdProbe(address, 1000).check(),
        },
      ],
      clock,
      logger: capturingLogger(lines),
    });

    const [up] = await health.check();
    expect(up).toMatchObject({ engine: 'clamav', up: true, problem: null });
    expect(up?.version).toMatch(/^ClamAV /);
    expect(lines).toEqual([]);

    // A socket path next to clamd's where nothing listens: a real refusal (ENOENT).
    address = `unix:${clamd.unixAddress.slice('unix:'.length)}.missing`;
    now += 1000;
    expect((await health.check())[0]?.up).toBe(true); // younger than 5 s: not asked again
    now += 5000;
    const [down] = await health.check();
    expect(down).toMatchObject({ up: false, version: null });
    expect(down?.problem).toMatch(/ENOENT/);
    now += 5000;
    await health.check();
    expect(lines.filter((l) => l.level === 'warn')).toHaveLength(1);

    address = clamd.unixAddress;
    now += 5000;
    expect((await health.check())[0]?.up).toBe(true);
    expect(lines.map((l) => l.level)).toEqual(['warn', 'info']);
    expect(lines[1]?.msg).toBe('scanner engine answers again');
  });
});
