import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadScanPolicyFile } from '../../src/runtime/cli/commands/scan-policy-file.js';
import { parseServeArgs } from '../../src/runtime/cli/commands/serve.js';
import type { RunningGate } from '../../src/runtime/gate/start-gate.js';
import { samples } from '../fixtures/files/samples.js';
import { eventually, startTestGate, tempDataDir, upload } from './support/gate-harness.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function gateWithPolicy(accept: string[], scanWorkers: number) {
  const data = await tempDataDir();
  cleanups.push(data.cleanup);
  const file = join(data.dir, 'policy.json');
  await writeFile(file, JSON.stringify({ accept }));
  expect(parseServeArgs(['--policy', file]).policyFile).toBe(file);
  const policy = await loadScanPolicyFile(file);
  const gate = await startTestGate(join(data.dir, 'data'), { policy, scanWorkers });
  cleanups.push(() => gate.close());
  return gate;
}

async function verdictOf(gate: RunningGate & { demo: { threadId: string; candidateToken: string } }) {
  const response = await upload(
    gate.url,
    gate.demo.threadId,
    gate.demo.candidateToken,
    samples.text,
    'cv.txt',
  );
  expect(response.status).toBe(202);
  const { id } = (await response.json()) as { id: string };
  return eventually(async () => (await gate.verdicts.get(id)) ?? undefined);
}

describe('serve --policy', () => {
  it.each([
    ['in the worker pool', 1],
    ['in-process', 0],
  ])(
    'refuses a type the policy does not accept (%s), and accepts it under the default list',
    async (_, workers) => {
      const pdfOnly = await gateWithPolicy(['application/pdf'], workers);
      const refused = await verdictOf(pdfOnly);
      expect(refused.verdict.kind).toBe('rejected');
      expect(refused.verdict.findings.map((f) => f.rule)).toContain('type-not-allowed');

      const byDefault = await gateWithPolicy(['default'], workers);
      expect((await verdictOf(byDefault)).verdict.kind).toBe('clean');
    },
  );
});
