import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, vi } from 'vitest';
import { eicarTestString } from '../../src/gate/scan/builtin/eicar.js';
import { type GateOptions, type RunningGate, startGate } from '../../src/runtime/gate/start-gate.js';
import { launchBrowser, saveScreenshot, type WatchedPage } from '../support/browser.js';

/** Bundles the page exactly as `npm run build` does, so the tests never look at a stale web/dist. */
export function buildPage(): void {
  execFileSync(process.execPath, ['scripts/build-web.mjs'], { stdio: 'pipe' });
}

/** A real `sekisho serve --demo` on a free port with its own data directory, and how to get rid of it. */
export interface DemoGate {
  readonly gate: RunningGate;
  readonly url: string;
  readonly demo: NonNullable<RunningGate['demo']>;
  close(): Promise<void>;
}

/** Starts the real gate (HTTP server, SQLite, stream dispatcher, release function) in demo mode. */
export async function startDemoGate(options: Partial<GateOptions> = {}): Promise<DemoGate> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sekisho-e2e-'));
  const gate = await startGate({ dataDir, port: 0, demo: true, webRoot: 'web/dist', env: {}, ...options });
  if (gate.demo === null) throw new Error('startGate({ demo: true }) returned no demo info');
  return {
    gate,
    url: gate.url,
    demo: gate.demo,
    async close() {
      await gate.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** What a page test file works with once its `beforeAll` has run. */
export interface PageSuite {
  readonly browser: Browser;
  readonly server: DemoGate;
  /** The pages a test opened, by name: `afterEach` screenshots them if the test failed, then closes them. */
  readonly opened: Record<string, WatchedPage>;
}

/** Registers a teardown for something a suite's options started; it runs after the gate has closed. */
export type OnSuiteClose = (close: () => Promise<void>) => void;

/**
 * The gate's options for a page suite: fixed, or made in the suite's `beforeAll` (before the
 * gate starts) when they need something started first, such as a web app the gate delivers to.
 */
export type PageSuiteOptions =
  | Partial<GateOptions>
  | ((onClose: OnSuiteClose) => Promise<Partial<GateOptions>>);

/**
 * The header every page test file shares, registered as its hooks: before all, build the page,
 * start a demo gate with `options` and launch Chromium; after each test, finish its pages; after
 * all, close both, then whatever `options` registered with `onClose` (newest first). The file's
 * own `beforeAll` (registered after this call) runs after these.
 */
export function pageSuite(options: PageSuiteOptions = {}): PageSuite {
  let browser: Browser | undefined;
  let server: DemoGate | undefined;
  const opened: Record<string, WatchedPage> = {};
  // Teardown where the resource is born: registered as each one starts, so a failed start still closes it.
  const closers: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    buildPage();
    const gateOptions =
      typeof options === 'function' ? await options((close) => closers.push(close)) : options;
    server = await startDemoGate(gateOptions);
    browser = await launchBrowser();
  });
  afterEach((context) => finishPages(context.task, opened));
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    for (const close of closers.reverse()) await close();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('pageSuite: used before its beforeAll ran');
    return value;
  };
  return {
    get browser() {
      return started(browser);
    },
    get server() {
      return started(server);
    },
    opened,
  };
}

/** The EICAR anti-virus test file (harmless by design; every engine reports it as a virus). */
export function eicar(): Buffer {
  return Buffer.from(eicarTestString, 'latin1');
}

/** Uploads a file as the demo candidate over the API (not the page); returns its id, after the 202. */
export async function uploadAsCandidate(gate: DemoGate, name: string, bytes: Buffer): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([bytes]), name);
  const response = await fetch(`${gate.url}/api/threads/${gate.demo.threadId}/files`, {
    method: 'POST',
    headers: { authorization: `Bearer ${gate.demo.candidateToken}` },
    body: form,
  });
  if (response.status !== 202) throw new Error(`upload of ${name} answered ${response.status}`);
  return ((await response.json()) as { id: string }).id;
}

/** A file's status as the demo candidate sees it (`scanning`, `published`, `blocked`, …). */
export async function candidateFileStatus(gate: DemoGate, id: string): Promise<string> {
  const response = await fetch(`${gate.url}/api/files/${id}`, {
    headers: { authorization: `Bearer ${gate.demo.candidateToken}` },
  });
  return ((await response.json()) as { status: string }).status;
}

/**
 * Waits until the demo candidate sees the file out of `scanning` and returns its status. Works in
 * a hook too (`expect.poll` exists only inside a test; `vi.waitFor` retries the same way anywhere).
 */
export async function settledStatus(gate: DemoGate, id: string): Promise<string> {
  return vi.waitFor(
    async () => {
      const status = await candidateFileStatus(gate, id);
      expect(status).not.toBe('scanning');
      return status;
    },
    { timeout: 15_000, interval: 100 },
  );
}

/** The page languages the screen tests walk, as browser locales. */
export const PAGE_LANGUAGES = { en: 'en-US', ja: 'ja-JP' } as const;

/** The page widths the screen tests walk: a desktop and a 375 px phone. */
export const PAGE_WIDTHS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 375, height: 812 },
} as const;

/** A file as the browser's file chooser takes it. */
export interface PickedFile {
  readonly name: string;
  readonly mimeType: string;
  readonly buffer: Buffer;
}

/** Attaches files the way a person does with the mouse: the Attach button, then the file chooser. */
export async function attachWithButton(
  page: Page,
  files: readonly PickedFile[],
  label = /Attach files|ファイルを添付/,
): Promise<void> {
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.getByRole('button', { name: label }).click(),
  ]);
  await chooser.setFiles([...files]);
}

/** The file card in the timeline for a file name (exact text match on the name). */
export function fileCard(page: Page, name: string) {
  return page.locator('.file-card').filter({ has: page.locator('.file-card__name', { hasText: name }) });
}

/**
 * Ends a test's pages: when the test failed, saves a screenshot of each (named after the test
 * and the page) so a person can see what went wrong; then closes them all.
 */
export async function finishPages(
  task: { readonly name: string; readonly result?: { readonly state?: string } | undefined },
  opened: Record<string, WatchedPage>,
): Promise<void> {
  for (const [role, watched] of Object.entries(opened)) {
    if (task.result?.state === 'fail' && !watched.page.isClosed())
      await saveScreenshot(watched.page, `failure-${task.name}-${role}`).catch(() => undefined);
    await watched.context.close();
    delete opened[role];
  }
}
