import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningClamd, startClamd } from '../support/clamd.js';
import { get, settledFile, startTestGate, tempDataDir, upload } from './support/gate-harness.js';

const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';

let clamd: RunningClamd;
let data: Awaited<ReturnType<typeof tempDataDir>>;
let gate: Awaited<ReturnType<typeof startTestGate>>;

beforeAll(async () => {
  clamd = await startClamd();
  data = await tempDataDir();
  gate = await startTestGate(data.dir, { clamd: clamd.tcpAddress });
});
afterAll(async () => {
  await gate?.close();
  await data?.cleanup();
  await clamd?.stop();
});

describe('sekisho serve with a real clamd (--clamd)', () => {
  it('publishes a clean file scanned by both engines, recording the ClamAV database version', async () => {
    const { threadId, candidateToken, companyToken } = gate.demo;
    const created = (await (
      await upload(gate.url, threadId, candidateToken, 'Hanako Yamada, CV\n')
    ).json()) as {
      id: string;
    };
    const view = (await settledFile(gate.url, created.id, companyToken)) as {
      status: string;
      verdict: { engines: { engine: string; version: string }[] };
    };
    expect(view.status).toBe('published');
    expect(view.verdict.engines.map((e) => e.engine).sort()).toEqual(['builtin', 'clamav']);
    expect(view.verdict.engines.find((e) => e.engine === 'clamav')?.version).toMatch(/ClamAV/);
  });

  it('blocks EICAR with a finding from clamd, and the company can never download it', async () => {
    const { threadId, candidateToken, companyToken } = gate.demo;
    const created = (await (await upload(gate.url, threadId, candidateToken, EICAR, 'test.txt')).json()) as {
      id: string;
    };
    const view = (await settledFile(gate.url, created.id, candidateToken)) as {
      status: string;
      verdict: { kind: string; findings: { engine: string; rule: string }[] };
    };
    expect(view.status).toBe('blocked');
    expect(view.verdict.kind).toBe('infected');
    expect(view.verdict.findings.some((f) => f.engine === 'clamav')).toBe(true);
    expect((await get(gate.url, `/api/files/${created.id}/content`, companyToken)).status).toBe(404);
  });
});
