import { describe, expect, it } from 'vitest';
import { clamdHanging, webhookDown } from './outages.js';
import { clamdDown, crashRounds, poison, properties, tempGate } from './run-reliability.js';

// The short run of `npm run reliability` for CI. The flood's 2-second figure is a benchmark
// (timing on a shared machine), so it runs only in `npm run reliability`, never as a timed test.
describe('reliability (short run)', () => {
  it('holds every property over generated interleavings and fuzzed inputs', async () => {
    const rows = await properties(30);
    for (const row of rows) expect(row.result, row.case).toBe('held');
  }, 300_000);

  it('ends the poison zip blocked with a bounded, summarised verdict', async () => {
    const row = await poison();
    expect(row.ok, row.result).toBe(true);
  }, 120_000);

  it('fails every file closed while clamd is down', async () => {
    const row = await clamdDown();
    expect(row.ok, row.result).toBe(true);
  }, 180_000);

  it('ends every scan failed closed while clamd accepts and never answers, and /healthz says so', async () => {
    const row = await clamdHanging(tempGate);
    expect(row.ok, row.result).toBe(true);
  }, 120_000);

  it('loses nothing while the webhook receiver is down, and delivers each verdict once when it is back', async () => {
    const row = await webhookDown(tempGate, true);
    expect(row.ok, row.result).toBe(true);
  }, 120_000);

  it('loses no accepted upload and leaves none scanning after a SIGKILL under load', async () => {
    const row = await crashRounds(1);
    expect(row.ok, row.result).toBe(true);
  }, 300_000);
});
