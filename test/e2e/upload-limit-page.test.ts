import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer } from '../../src/runtime/server/create-http-server.js';
import { launchBrowser, openWatchedPage, type WatchedPage } from '../support/browser.js';
import {
  attachWithButton,
  buildPage,
  type DemoGate,
  fileCard,
  finishPages,
  startDemoGate,
} from './page-harness.js';

const LIMIT = 1024 * 1024;

let browser: Browser;
let gate: DemoGate;
// The gate's routes served with `maxUploadBytes` in their context, as `/api/me` reports it.
let server: Server;
let url: string;
const opened: Record<string, WatchedPage> = {};

beforeAll(async () => {
  buildPage();
  gate = await startDemoGate({ maxUploadBytes: LIMIT });
  server = createHttpServer({ ...gate.gate.ctx, maxUploadBytes: LIMIT });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
});

afterEach((context) => finishPages(context.task, opened));

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => {
    server?.close(() => resolve());
    server?.closeAllConnections();
  });
  await gate?.close();
});

describe('the page and the upload limit', () => {
  it('refuses a file over the limit from /api/me without sending it, in English and Japanese', async () => {
    const me = (await (
      await fetch(`${url}/api/me`, { headers: { authorization: `Bearer ${gate.demo.candidateToken}` } })
    ).json()) as { maxUploadBytes: number | null };
    expect(me.maxUploadBytes).toBe(LIMIT);

    const watched = await openWatchedPage(browser);
    opened.candidate = watched;
    const { page } = watched;
    await page.goto(`${url}/demo/candidate`);
    await page.locator('.thread__title').waitFor();
    const uploads: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/files')) uploads.push(request.url());
    });

    await attachWithButton(page, [
      { name: 'too-big.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(LIMIT + 1, 0x25) },
    ]);
    const card = fileCard(page, 'too-big.pdf');
    await card.getByText('Upload failed').waitFor({ timeout: 5_000 });
    expect(await card.getByRole('alert').textContent()).toBe(
      'The file is larger than the upload limit of 1 MB; send a smaller file.',
    );
    await page.getByRole('button', { name: '日本語' }).click();
    expect(await card.getByRole('alert').textContent()).toBe(
      'ファイルがアップロードの上限（1 MB）を超えています。小さいファイルを送ってください。',
    );
    expect(uploads).toEqual([]);
    expect(watched.problems).toEqual([]);
  });
});
