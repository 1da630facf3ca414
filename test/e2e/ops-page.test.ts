import { describe, expect, it } from 'vitest';
import type { Scanner } from '../../src/gate/ports.js';
import { buildPdf } from '../fixtures/files/build-pdf.js';
import { openWatchedPage, saveScreenshot } from '../support/browser.js';
import { type FlakyWebApp, startFlakyWebApp } from '../support/flaky-web-app.js';
import { eicar, pageSuite, startDemoGate, uploadAsCandidate } from './page-harness.js';

let webApp: FlakyWebApp;
const suite = pageSuite(async (onClose) => {
  // The web app's endpoint answers 503 (as in the middle of a deploy) until switched up.
  webApp = await startFlakyWebApp(() => suite.server.url);
  onClose(() => webApp.close());
  return {
    webhookUrl: `${webApp.url}/api/webhooks/verdicts`,
    // Give up quickly so the dead letter appears within the test, as it would after 5 tries in production.
    dispatcher: { maximumRetryAttempts: 1, retryBaseDelayMs: 20, retryMaxDelayMs: 40 },
  };
});
const { opened } = suite;

async function summary(): Promise<{
  deadLetters: { id: string; fileIds: string[] }[];
  latency: { uploadToPublished: { p50: number | null } };
}> {
  const response = await fetch(`${suite.server.url}/api/ops/summary`, {
    headers: { authorization: `Bearer ${suite.server.demo.operatorToken}` },
  });
  return (await response.json()) as Awaited<ReturnType<typeof summary>>;
}

describe('the operations page, end to end through the real server', () => {
  it('replays a dead letter left by a web app that was down, and the file is then published', async () => {
    // The helper checks the 202 (it throws naming the status otherwise) and returns the file's id.
    const id = await uploadAsCandidate(suite.server, 'cv-while-down.pdf', buildPdf());
    await expect.poll(async () => (await summary()).deadLetters.length, { timeout: 15_000 }).toBe(1);
    const [letter] = (await summary()).deadLetters;
    expect(letter?.fileIds).toContain(id);

    const ops = await openWatchedPage(suite.browser);
    opened.ops = ops;
    await ops.page.goto(`${suite.server.url}/demo/operator`);
    const item = ops.page.locator(`[data-dead-letter-id="${letter?.id}"]`);
    await item.waitFor();
    await ops.page.locator('.chart canvas').first().waitFor();
    expect(await ops.page.locator('.chart canvas').count()).toBeGreaterThanOrEqual(3);
    await expect.poll(() => ops.page.locator('.engines dt').allTextContents()).toContain('builtin');
    await saveScreenshot(ops.page, 'ops-dead-letter');

    await webApp.set('up');
    await item.getByRole('button', { name: /^Replay/ }).click();
    await ops.page.getByText('No dead letters. Every release went through.').waitFor({ timeout: 10_000 });
    const file = await fetch(`${suite.server.url}/api/files/${id}`, {
      headers: { authorization: `Bearer ${suite.server.demo.companyToken}` },
    });
    expect(file.status).toBe(200);
    expect(((await file.json()) as { status: string }).status).toBe('published');

    // A little more traffic, clean and infected, so that the charts in the screenshot show something.
    for (const [name, bytes] of [
      ['a.pdf', buildPdf({ padTo: 2048 })],
      ['b.pdf', buildPdf({ padTo: 3072 })],
      ['eicar.txt', eicar()],
    ] as const)
      await uploadAsCandidate(suite.server, name, bytes);
    await expect
      .poll(async () => (await summary()).latency.uploadToPublished.p50, { timeout: 10_000 })
      .not.toBeNull();
    await ops.page.reload();
    await ops.page.locator('.chart canvas').first().waitFor();
    await saveScreenshot(ops.page, 'ops');
    await ops.page.getByRole('button', { name: '日本語' }).click();
    await ops.page.getByRole('heading', { name: '運用' }).waitFor();
    await ops.page.getByText('デッドレターはありません。').waitFor();
    await saveScreenshot(ops.page, 'ops-ja');
    expect(ops.problems).toEqual([]);
  });

  it('shows the scan queue: how many wait, the oldest wait and the lanes waiting most, in English and Japanese', async () => {
    // Scans held until the end: the first upload takes the only slot and the others wait.
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const scanner: Scanner = {
      name: 'held',
      scan: async () => {
        await held;
        return { engine: 'held', version: '1', kind: 'clean', findings: [] };
      },
    };
    const queued = await startDemoGate({ engines: [scanner], scanConcurrency: 1, uploadLimits: null });
    try {
      for (const name of ['one.txt', 'two.txt', 'three.txt'])
        await uploadAsCandidate(queued, name, Buffer.from(`file ${name}`));
      const ops = await openWatchedPage(suite.browser);
      opened.opsQueue = ops;
      await ops.page.goto(`${queued.url}/demo/operator`);
      const tile = ops.page.getByTestId('scan-queue');
      await tile.getByRole('heading', { name: 'Scan queue' }).waitFor();
      expect(await tile.getByTestId('scan-queue-depth').textContent()).toBe('2 waiting');
      expect(await tile.getByTestId('scan-queue-oldest').textContent()).toMatch(/^Oldest wait: \d/);
      expect(await tile.textContent()).toContain('Scanning now: 1 of 1 slots');
      const lane = tile.locator('[data-lane="user"]');
      expect(await lane.count()).toBe(1);
      expect(await lane.textContent()).toMatch(/^Uploader u_\S+2 waiting · 1 scanning · oldest \d/);
      await saveScreenshot(ops.page, 'ops-scan-queue');

      await ops.page.getByRole('button', { name: '日本語' }).click();
      await tile.getByRole('heading', { name: 'スキャン待ち行列' }).waitFor();
      expect(await tile.getByTestId('scan-queue-depth').textContent()).toBe('2 件待ち');
      expect(await lane.textContent()).toContain('2 件待ち · 1 件スキャン中');
      expect(ops.problems).toEqual([]);
    } finally {
      release();
      await queued.close();
    }
  });

  it('fits a 375 px phone', async () => {
    const ops = await openWatchedPage(suite.browser, { viewport: { width: 375, height: 812 } });
    opened.opsPhone = ops;
    await ops.page.goto(`${suite.server.url}/demo/operator`);
    await ops.page.locator('.chart canvas').first().waitFor();
    expect(await ops.page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await saveScreenshot(ops.page, 'phone-ops');
    expect(ops.problems).toEqual([]);
  });
});
