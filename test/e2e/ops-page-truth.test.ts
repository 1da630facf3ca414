import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type RunningGate, startGate } from '../../src/runtime/gate/start-gate.js';
import { buildPdf } from '../fixtures/files/build-pdf.js';
import { launchBrowser, openWatchedPage, saveScreenshot, type WatchedPage } from '../support/browser.js';
import { refusedAddress } from '../support/silent-socket.js';
import { buildPage, eicar, finishPages } from './page-harness.js';

let browser: Browser;
let dataDir: string;
let clamdAddress: string;
const opened: Record<string, WatchedPage> = {};

/** The real gate in demo mode on `dataDir`, with clamd configured at an address that refuses. */
function start(): Promise<RunningGate> {
  return startGate({
    dataDir,
    port: 0,
    demo: true,
    webRoot: 'web/dist',
    env: {},
    clamd: clamdAddress,
    scanWorkers: 0,
  });
}

async function upload(gate: RunningGate, name: string, bytes: Buffer): Promise<void> {
  const form = new FormData();
  form.append('file', new Blob([bytes]), name);
  const response = await fetch(`${gate.url}/api/threads/${gate.demo?.threadId}/files`, {
    method: 'POST',
    headers: { authorization: `Bearer ${gate.demo?.candidateToken}` },
    body: form,
  });
  expect(response.status).toBe(202);
}

/** What the operations page says, as text a person reads. */
async function readOpsPage(page: Page, url: string) {
  await page.goto(`${url}/demo/operator`);
  await page.locator('.chart canvas').first().waitFor();
  await page.locator('[data-engine="clamav"]').waitFor();
  const summaries = await page.locator('.chart__summary').allTextContents();
  return {
    summaries,
    header: (await page.locator('.header__user').textContent()) ?? '',
    engines: await page.locator('.engines__row').allTextContents(),
  };
}

beforeAll(async () => {
  buildPage();
  dataDir = mkdtempSync(join(tmpdir(), 'sekisho-ops-truth-'));
  clamdAddress = await refusedAddress();
  browser = await launchBrowser();
});
afterEach((context) => finishPages(context.task, opened));
afterAll(async () => {
  await browser?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the operations page tells the truth', () => {
  // Two server starts and five page loads: minutes on a busy 2-core machine, not the default 30 s.
  it('shows the same figures after a restart on the same data, clamd down, and no label twice', {
    timeout: 180_000,
  }, async () => {
    const first = await start();
    let before: Awaited<ReturnType<typeof readOpsPage>>;
    try {
      await upload(first, 'cv.pdf', buildPdf());
      await upload(first, 'eicar.txt', eicar());
      const summary = async () =>
        (await (
          await fetch(`${first.url}/api/ops/summary`, {
            headers: { authorization: `Bearer ${first.demo?.operatorToken}` },
          })
        ).json()) as { verdicts: { error: number; infected: number }[] };
      await vi.waitFor(
        async () => expect((await summary()).verdicts.reduce((n, v) => n + v.error + v.infected, 0)).toBe(2),
        { timeout: 15_000, interval: 100 },
      );
      const ops = await openWatchedPage(browser);
      opened.ops = ops;
      before = await readOpsPage(ops.page, first.url);
      await saveScreenshot(ops.page, 'ops-truth-before-restart');
      await ops.context.close();
      delete opened.ops;
    } finally {
      await first.close();
    }

    const second = await start();
    try {
      for (const [lang, locale] of [
        ['en', 'en-US'],
        ['ja', 'ja-JP'],
      ] as const)
        for (const [width, viewport] of [
          ['desktop', { width: 1280, height: 800 }],
          ['phone', { width: 375, height: 812 }],
        ] as const) {
          const ops = await openWatchedPage(browser, { locale, viewport });
          opened.ops = ops;
          const after = await readOpsPage(ops.page, second.url);
          if (lang === 'en' && width === 'desktop') {
            // Uploads, verdicts and latency: read from the databases, unchanged by the restart.
            expect(after.summaries).toEqual(before.summaries);
            expect(after.summaries[0]).toBe('Uploads in the last hour: 2');
            // clamd refuses: every upload failed closed, and the page says clamav is down and why.
            expect(after.summaries[1]).toContain('error 1');
            expect(after.engines.find((e) => e.startsWith('clamav'))).toMatch(/not answering.*ECONNREFUSED/);
          }
          // No label said twice: not "Operator Operator", "builtin builtin 0.1.0" or "2 · Files".
          expect(after.header).not.toMatch(/(\S+) \1/);
          expect(after.engines.find((e) => e.startsWith('builtin'))).not.toMatch(/builtin.*builtin/);
          for (const text of after.summaries) expect(text).not.toMatch(/^\d+ · /);
          await saveScreenshot(ops.page, `ops-truth-after-restart-${lang}-${width}`);
          expect(ops.problems).toEqual([]);
          await ops.context.close();
          delete opened.ops;
        }
    } finally {
      await second.close();
    }
  });
});
