import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openWatchedPage } from '../support/browser.js';
import { buildPage, type DemoGate, startDemoGate } from './page-harness.js';

let browser: Browser;
let server: DemoGate;

beforeAll(async () => {
  buildPage();
  server = await startDemoGate();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

// The page tests assert "no problems"; this shows that the watch would notice one, so that an
// empty list means something.
describe('the browser watch used by the page tests', () => {
  it('records a CSP violation and an alert when the page meets inline script and style', async () => {
    const watched = await openWatchedPage(browser);
    await watched.page.goto(`${server.url}/demo/candidate`);
    await watched.page.locator('.thread__title').waitFor();
    await watched.page.evaluate(`(() => {
      const script = document.createElement('script');
      script.textContent = 'alert("inline ran")';
      document.body.append(script);
      document.body.setAttribute('style', 'color: red');
    })()`);
    await expect
      .poll(() => watched.problems.filter((p) => p.startsWith('CSP violation')).length)
      .toBeGreaterThanOrEqual(2);
    expect(watched.problems.some((p) => p.includes('script-src'))).toBe(true);
    expect(watched.problems.some((p) => p.includes('style-src'))).toBe(true);
    // The inline script was blocked, so no alert fired; an alert from page code is still recorded.
    expect(watched.dialogs).toEqual([]);
    await watched.page.evaluate('alert("from page code")');
    expect(watched.dialogs).toEqual(['alert: from page code']);
    await watched.context.close();
  });
});
