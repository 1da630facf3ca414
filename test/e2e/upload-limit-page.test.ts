import { describe, expect, it } from 'vitest';
import { openWatchedPage } from '../support/browser.js';
import { attachWithButton, fileCard, pageSuite } from './page-harness.js';

const LIMIT = 1024 * 1024;

const suite = pageSuite({ maxUploadBytes: LIMIT });
const { opened } = suite;

describe('the page and the upload limit', () => {
  it('refuses a file over the limit from /api/me without sending it, in English and Japanese', async () => {
    const me = (await (
      await fetch(`${suite.server.url}/api/me`, {
        headers: { authorization: `Bearer ${suite.server.demo.candidateToken}` },
      })
    ).json()) as { maxUploadBytes: number | null };
    expect(me.maxUploadBytes).toBe(LIMIT);

    const watched = await openWatchedPage(suite.browser);
    opened.candidate = watched;
    const { page } = watched;
    await page.goto(`${suite.server.url}/demo/candidate`);
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
