// axe-core: the standard WCAG rule engine; its npm package ships the browser script as `source`,
// so nothing is downloaded at run time.
import axe from 'axe-core';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildPdf } from '../fixtures/files/build-pdf.js';
import { openWatchedPage, saveScreenshot } from '../support/browser.js';
import {
  attachWithButton,
  type DemoGate,
  eicar,
  fileCard,
  PAGE_LANGUAGES,
  PAGE_WIDTHS,
  pageSuite,
  settledStatus,
  startDemoGate,
  uploadAsCandidate,
} from './page-harness.js';

/** The WCAG 2.0 and 2.1 levels A and AA rules: what the issue means by "accessible". */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
/** Small, so the refusal of a larger file is shown without sending it. */
const UPLOAD_LIMIT = 1024 * 1024;

/** One axe violation, reduced to what a person needs to find and fix it. */
interface Violation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly targets: string[];
}

/** The threads and the sign-in screen (`suite.server`): a published file, a blocked one, an upload refusal. */
const suite = pageSuite({ maxUploadBytes: UPLOAD_LIMIT });
const { opened } = suite;
/** The ops page, with its release webhook pointing at a closed port so a dead letter is listed. */
let opsServer: DemoGate;

async function deadLetterCount(): Promise<number> {
  const response = await fetch(`${opsServer.url}/api/ops/summary`, {
    headers: { authorization: `Bearer ${opsServer.demo.operatorToken}` },
  });
  return ((await response.json()) as { deadLetters: unknown[] }).deadLetters.length;
}

/**
 * Runs axe in the page. The source goes in through `page.evaluate` (CDP evaluation, not a
 * `<script>` element), which the page's strict CSP does not govern, so the CSP stays untouched.
 */
async function audit(page: Page): Promise<{ violations: Violation[]; passes: number }> {
  await page.evaluate(axe.source);
  return page.evaluate(`(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ${JSON.stringify(WCAG_TAGS)} },
      resultTypes: ['violations'],
    });
    return {
      passes: result.passes.length,
      violations: result.violations.map((v) => ({
        id: v.id,
        impact: v.impact ?? null,
        help: v.help,
        targets: v.nodes.map((n) => n.target.join(' ')),
      })),
    };
  })()`);
}

function describeViolations(violations: readonly Violation[]): string {
  return violations
    .map((v) => `${v.id} [${v.impact}] ${v.help}\n    at ${v.targets.join('\n    at ')}`)
    .join('\n');
}

/** Each main screen, brought into the state worth auditing; returns when it is showing. */
const screens: Record<string, (page: Page) => Promise<void>> = {
  async candidate(page) {
    await page.goto(`${suite.server.url}/demo/candidate`);
    await page.locator('.thread__title').waitFor();
    await fileCard(page, 'cv-published.pdf').locator('.file-status').waitFor();
    await fileCard(page, 'eicar-test.txt').locator('.file-status__reason').waitFor();
    await attachWithButton(page, [
      { name: 'too-big.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(UPLOAD_LIMIT + 1, 0x25) },
    ]);
    await fileCard(page, 'too-big.pdf').getByRole('alert').waitFor();
  },
  async company(page) {
    await page.goto(`${suite.server.url}/demo/company`);
    await page.locator('.thread__title').waitFor();
    await fileCard(page, 'cv-published.pdf').waitFor();
  },
  async 'sign-in'(page) {
    await page.goto(`${suite.server.url}/`);
    await page.locator('#token').waitFor();
  },
  async ops(page) {
    await page.goto(`${opsServer.url}/demo/operator`);
    await page.locator('[data-dead-letter-id]').first().waitFor();
    await page.locator('.chart canvas').first().waitFor();
  },
};

const languages = PAGE_LANGUAGES;
const widths = PAGE_WIDTHS;

beforeAll(async () => {
  const server = suite.server;
  opsServer = await startDemoGate({
    // Nothing listens on port 1: every release fails, and one try makes a dead letter at once.
    webhookUrl: 'http://127.0.0.1:1/api/webhooks/verdicts',
    dispatcher: { maximumRetryAttempts: 1, retryBaseDelayMs: 20, retryMaxDelayMs: 40 },
  });
  const published = await uploadAsCandidate(server, 'cv-published.pdf', buildPdf());
  const blocked = await uploadAsCandidate(server, 'eicar-test.txt', eicar());
  await uploadAsCandidate(opsServer, 'cv-while-down.pdf', buildPdf());
  expect(await settledStatus(server, published)).toBe('published');
  expect(await settledStatus(server, blocked)).toBe('blocked');
  // `expect.poll` exists only inside a test; `vi.waitFor` retries the same way in a hook.
  await vi.waitFor(async () => expect(await deadLetterCount()).toBeGreaterThan(0), {
    timeout: 15_000,
    interval: 100,
  });
});

afterAll(async () => {
  await opsServer?.close();
});

describe('every main screen passes axe (WCAG 2.1 A and AA) with nothing serious or critical', () => {
  for (const [screen, show] of Object.entries(screens))
    for (const [lang, locale] of Object.entries(languages))
      for (const [width, viewport] of Object.entries(widths))
        it(`${screen} in ${lang} at ${width} width`, async () => {
          const watched = await openWatchedPage(suite.browser, { locale, viewport });
          opened.page = watched;
          const refused: string[] = [];
          watched.page.on('response', (response) => {
            if (response.status() === 401) refused.push(new URL(response.url()).pathname);
          });
          await show(watched.page);
          expect(await watched.page.evaluate('document.documentElement.lang')).toBe(lang);

          // WCAG 1.4.10 (reflow): at 375 px nothing may need sideways scrolling.
          expect(await watched.page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
            viewport.width,
          );

          const { violations, passes } = await audit(watched.page);
          if (violations.length > 0)
            console.log(`${screen} ${lang} ${width}:\n${describeViolations(violations)}`);
          expect(passes, 'axe ran its rules').toBeGreaterThan(10);
          await saveScreenshot(watched.page, `a11y-${screen}-${lang}-${width}`);
          const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
          expect(serious, `axe found:\n${describeViolations(violations)}`).toEqual([]);
          // The sign-in screen exists because `/api/me` answers 401; Chromium logs that refused
          // request as a console error, the only one allowed (CSP violations still fail the test).
          expect(refused.every((path) => path === '/api/me')).toBe(true);
          const unexpected = watched.problems.filter(
            (problem) => !(refused.length > 0 && problem.includes('status of 401 (Unauthorized)')),
          );
          expect(unexpected).toEqual([]);
        });
});

describe('the audit itself', () => {
  it('reports a serious fault planted in the page, so a clean result above means something', async () => {
    const watched = await openWatchedPage(suite.browser);
    opened.page = watched;
    await screens['sign-in']?.(watched.page);
    // An input with no label, added through the DOM (CSP-safe): axe rates it critical.
    await watched.page.evaluate(
      `document.querySelector('main').append(Object.assign(document.createElement('input'), { id: 'planted' }))`,
    );
    const { violations } = await audit(watched.page);
    expect(violations).toContainEqual(
      expect.objectContaining({ id: 'label', impact: 'critical', targets: ['#planted'] }),
    );
  });
});
