import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClamdScanner } from '../../src/adapters/clamd/clamd-scanner.js';
import { createBuiltinScanner } from '../../src/gate/scan/builtin/builtin-scanner.js';
import { bytesSubject } from '../../src/gate/scan/builtin/bytes-subject.js';
import { scanFile } from '../../src/gate/scan/scan-file.js';
import { systemClock } from '../../src/shared/clock.js';
import { clamavTestFiles, clamavTestNames } from '../fixtures/clamav/test-files.js';
import { buildZip } from '../fixtures/files/build-zip.js';
import { type RunningClamd, startClamd } from '../support/clamd.js';

let clamd: RunningClamd;
beforeAll(async () => {
  clamd = await startClamd({ maxFileSize: '1M' });
});
afterAll(async () => {
  await clamd?.stop();
});

describe.each(['tcp', 'unix'] as const)('clamd over %s (real clamd, project test database)', (transport) => {
  const scanner = () =>
    createClamdScanner({ address: transport === 'tcp' ? clamd.tcpAddress : clamd.unixAddress });

  it('reports a harmless file as clean, with the engine version', async () => {
    const r = await scanner().scan(bytesSubject('cv.txt', Buffer.from('Curriculum vitae\n')));
    expect(r.kind).toBe('clean');
    expect(r.version).toMatch(/^ClamAV \d+\.\d+/);
  });

  it.each(Object.keys(clamavTestFiles) as (keyof typeof clamavTestFiles)[])(
    'finds the %s test file',
    async (key) => {
      const r = await scanner().scan(bytesSubject(key, clamavTestFiles[key]));
      expect(r.kind).toBe('infected');
      expect(r.findings).toEqual([
        { engine: 'clamav', rule: clamavTestNames[key], detail: `ClamAV found ${clamavTestNames[key]}.` },
      ]);
    },
  );

  it('finds the marker in the middle of a file sent in many small chunks', async () => {
    const big = Buffer.concat([
      Buffer.alloc(300_000, 0x61),
      clamavTestFiles.marker,
      Buffer.alloc(300_000, 0x62),
    ]);
    const r = createClamdScanner({
      address: transport === 'tcp' ? clamd.tcpAddress : clamd.unixAddress,
      chunkBytes: 4096,
    });
    expect((await r.scan(bytesSubject('big.txt', big))).findings[0]?.rule).toBe(clamavTestNames.marker);
  });

  it('never reports a file over the stream size limit as clean', async () => {
    const r = await scanner().scan(bytesSubject('big.bin', Buffer.alloc(3 * 1024 * 1024, 0x41)));
    // clamd answers "INSTREAM size limit exceeded" and closes; on rare occasions the reset that
    // its early close causes wins the race with the answer, and the result is an error instead.
    expect(r.kind === 'rejected' || r.kind === 'error').toBe(true);
    expect(['clamd-size-limit', 'clamd-connection-reset']).toContain(r.findings[0]?.rule);
  });
});

describe('both engines together (scanFile, real clamd)', () => {
  it('reports EICAR inside a zip from both engines, with both versions', async () => {
    const zip = buildZip([{ name: 'docs/eicar.com', data: clamavTestFiles.eicar }]);
    const v = await scanFile(
      bytesSubject('応募書類.zip', zip),
      [createBuiltinScanner(), createClamdScanner({ address: clamd.tcpAddress })],
      {
        timeoutMs: 10_000,
        clock: systemClock,
      },
    );
    expect(v.kind).toBe('infected');
    expect(v.findings.map((f) => [f.engine, f.rule])).toEqual([
      ['builtin', 'eicar'],
      ['clamav', clamavTestNames.eicar],
    ]);
    expect(v.engines.map((e) => e.engine)).toEqual(['builtin', 'clamav']);
    expect(v.detectedType).toBe('application/zip');
  });

  it('is infected when only clamd knows the file, whatever the built-in engine thinks', async () => {
    const v = await scanFile(
      bytesSubject('report.txt', clamavTestFiles.hashListed),
      [createBuiltinScanner(), createClamdScanner({ address: clamd.unixAddress })],
      {
        timeoutMs: 10_000,
        clock: systemClock,
      },
    );
    expect(v.kind).toBe('infected');
    expect(v.findings.map((f) => f.rule)).toEqual([clamavTestNames.hashListed]);
  });
});

describe('clamd limits', () => {
  it('rejects a file over MaxFileSize (AlertExceedsMax) instead of passing it unscanned', async () => {
    const own = await startClamd({ maxFileSize: '1M', streamMaxLength: '10M' });
    try {
      const r = await createClamdScanner({ address: own.unixAddress }).scan(
        bytesSubject('big.bin', Buffer.alloc(3 * 1024 * 1024, 0x41)),
      );
      expect(r.kind).toBe('rejected');
      expect(r.findings[0]?.rule).toBe('clamd-limits-exceeded');
      expect(r.findings[0]?.detail).toContain('Heuristics.Limits.Exceeded');
    } finally {
      await own.stop();
    }
  });
});

describe('clamd failures fail closed', () => {
  it('is an error when nothing listens at the address', async () => {
    const server = createServer();
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const port = (server.address() as { port: number }).port;
    await new Promise<void>((ok) => server.close(() => ok()));
    const r = await createClamdScanner({ address: `tcp://127.0.0.1:${port}` }).scan(
      bytesSubject('a.txt', Buffer.from('a')),
    );
    expect(r.kind).toBe('error');
    expect(r.findings[0]?.rule).toBe('clamd-unreachable');
  });

  it('is an error when the unix socket does not exist', async () => {
    const r = await createClamdScanner({ address: 'unix:/tmp/sekisho-no-such-clamd.sock' }).scan(
      bytesSubject('a.txt', Buffer.from('a')),
    );
    expect(r.findings[0]?.rule).toBe('clamd-unreachable');
  });

  it('is an error when clamd accepts but never answers', async () => {
    const silent: Server = createServer(() => {});
    await new Promise<void>((ok) => silent.listen(0, '127.0.0.1', ok));
    const port = (silent.address() as { port: number }).port;
    try {
      const r = await createClamdScanner({ address: `tcp://127.0.0.1:${port}`, timeoutMs: 200 }).scan(
        bytesSubject('a.txt', Buffer.from('a')),
      );
      expect(r.kind).toBe('error');
      expect(r.findings[0]?.rule).toBe('clamd-timeout');
    } finally {
      silent.close();
    }
  });

  it('is an error when clamd resets the connection without answering', async () => {
    const rude: Server = createServer((socket) => socket.once('data', () => socket.resetAndDestroy()));
    await new Promise<void>((ok) => rude.listen(0, '127.0.0.1', ok));
    const port = (rude.address() as { port: number }).port;
    try {
      const r = await createClamdScanner({ address: `tcp://127.0.0.1:${port}` }).scan(
        bytesSubject('a.txt', Buffer.from('a')),
      );
      expect(r.kind).toBe('error');
    } finally {
      rude.close();
    }
  });

  it('makes the whole verdict an error, never clean, when clamd has stopped', async () => {
    const own = await startClamd();
    const scanner = createClamdScanner({ address: own.tcpAddress });
    const file = bytesSubject('cv.txt', Buffer.from('Curriculum vitae\n'));
    const before = await scanFile(file, [createBuiltinScanner(), scanner], {
      timeoutMs: 5000,
      clock: systemClock,
    });
    expect(before.kind).toBe('clean');
    expect(before.engines.map((e) => e.engine)).toEqual(['builtin', 'clamav']);
    await own.stop();
    const after = await scanFile(file, [createBuiltinScanner(), scanner], {
      timeoutMs: 5000,
      clock: systemClock,
    });
    expect(after.kind).toBe('error');
    expect(after.findings.map((f) => f.rule)).toEqual(['clamd-unreachable']);
  });

  it('makes the verdict an error when clamd does not answer within the scan timeout', async () => {
    const silent: Server = createServer(() => {});
    await new Promise<void>((ok) => silent.listen(0, '127.0.0.1', ok));
    const port = (silent.address() as { port: number }).port;
    try {
      const scanner = createClamdScanner({ address: `tcp://127.0.0.1:${port}` });
      const v = await scanFile(bytesSubject('a.txt', Buffer.from('a')), [createBuiltinScanner(), scanner], {
        timeoutMs: 150,
        clock: systemClock,
      });
      expect(v.kind).toBe('error');
      expect(v.findings.map((f) => f.rule)).toEqual(['engine-timeout']);
    } finally {
      silent.close();
    }
  });
});
