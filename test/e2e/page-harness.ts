import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { eicarTestString } from '../../src/gate/scan/builtin/eicar.js';
import { type GateOptions, type RunningGate, startGate } from '../../src/runtime/gate/start-gate.js';
import { saveScreenshot, type WatchedPage } from '../support/browser.js';

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
