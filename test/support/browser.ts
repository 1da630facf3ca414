import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
// playwright-core: drives an installed Chromium over CDP; unlike `playwright` it never downloads a browser.
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

/** Debian's Chromium, installed by `npm test`'s pretest (scripts/setup-test-env.mjs). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Where screenshots land; `test-results/` is ignored by git and kept by CI as an artifact. */
export const SCREENSHOT_DIR = join(process.cwd(), 'test-results', 'screenshots');

/**
 * Launches Debian's Chromium headless. Throws a clear error when it is missing, naming the
 * pretest that installs it; never downloads a browser.
 */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH))
    throw new Error(
      `Chromium is not installed at ${CHROMIUM_PATH}. The browser tests use Debian's build: run \`npm test\` ` +
        '(its pretest, scripts/setup-test-env.mjs, installs it) or `sudo apt-get install -y chromium`.',
    );
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A page with everything that went wrong in it recorded: console errors, CSP violations, page errors, dialogs. */
export interface WatchedPage {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Console errors (CSP violations among them), uncaught page errors, `securitypolicyviolation` events. */
  readonly problems: string[];
  /** Messages of every alert/confirm/prompt that fired (each one is dismissed). */
  readonly dialogs: string[];
}

/** Options of `openWatchedPage`. */
export interface WatchedPageOptions {
  /** Default 1280×800. */
  readonly viewport?: { width: number; height: number };
  /** `navigator.language`, default `en-US`. */
  readonly locale?: string;
}

/**
 * Opens a fresh context (its own cookies) and page, and records every problem: a CSP violation
 * shows up both as a console error and as a `securitypolicyviolation` event, which an init script
 * (run by the browser, outside the page's CSP) reports back.
 */
export async function openWatchedPage(
  browser: Browser,
  options: WatchedPageOptions = {},
): Promise<WatchedPage> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1280, height: 800 },
    locale: options.locale ?? 'en-US',
    acceptDownloads: true,
  });
  const problems: string[] = [];
  const dialogs: string[] = [];
  await context.exposeBinding('__reportViolation', (_source, text: string) => {
    problems.push(`CSP violation: ${text}`);
  });
  // A string, not a function: the root tsconfig has no DOM types, and this runs in the page.
  await context.addInitScript({
    content: `document.addEventListener('securitypolicyviolation', (e) => {
      window.__reportViolation(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber);
    });`,
  });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  // Playwright turns file-chooser interception on only when a listener exists, over an async CDP
  // call; a listener from the start means a chooser opened right after `waitForEvent` is never missed.
  page.on('filechooser', () => undefined);
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return { context, page, problems, dialogs };
}

/** Saves a full-page screenshot as `test-results/screenshots/<name>.png` and returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name.replace(/[^\w.-]+/g, '-')}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
