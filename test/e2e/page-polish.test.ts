import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { buildPdf } from '../fixtures/files/build-pdf.js';
import { samples } from '../fixtures/files/samples.js';
import { openWatchedPage, saveScreenshot } from '../support/browser.js';
import {
  attachWithButton,
  eicar,
  fileCard,
  PAGE_LANGUAGES,
  PAGE_WIDTHS,
  pageSuite,
  settledStatus,
  uploadAsCandidate,
} from './page-harness.js';

/** Small, so that the refusal of a larger file is shown without sending it. */
const UPLOAD_LIMIT = 1024 * 1024;
const suite = pageSuite({ maxUploadBytes: UPLOAD_LIMIT });
const { opened } = suite;

beforeAll(async () => {
  const server = suite.server;
  // Two different files under one name, a Windows program, and EICAR.
  const ids = [
    await uploadAsCandidate(server, 'cv.pdf', readFileSync('examples/files/cv.pdf')),
    await uploadAsCandidate(server, 'cv.pdf', buildPdf()),
    await uploadAsCandidate(server, 'setup.exe', samples.pe),
    await uploadAsCandidate(server, 'eicar-test-file.txt', eicar()),
  ];
  for (const id of ids) await settledStatus(server, id);
});

const languages = PAGE_LANGUAGES;
const widths = PAGE_WIDTHS;

const words = {
  en: {
    exe: 'Windows program',
    text: 'Text file',
    passed: 'Passed the safety check',
    signedIn: 'Job seeker',
  },
  ja: {
    exe: 'Windows のプログラム',
    text: 'テキストファイル',
    passed: '安全確認を通過しました',
    signedIn: '求職者',
  },
} as const;

async function open(role: 'candidate' | 'company', lang: keyof typeof languages, width: keyof typeof widths) {
  const watched = await openWatchedPage(suite.browser, { locale: languages[lang], viewport: widths[width] });
  opened[role] = watched;
  await watched.page.goto(`${suite.server.url}/demo/${role}`);
  await watched.page.locator('.thread__title').waitFor();
  return watched.page;
}

/** Whether an element is drawn inside the viewport (not hidden, not clipped off to the side). */
async function inView(page: Page, selector: string): Promise<boolean> {
  const box = await page.locator(selector).first().boundingBox();
  const viewport = page.viewportSize();
  return (
    box !== null && viewport !== null && box.width > 0 && box.x >= 0 && box.x + box.width <= viewport.width
  );
}

describe('the pages, polished, in both languages at desktop and 375 px', () => {
  for (const lang of ['en', 'ja'] as const)
    for (const width of ['desktop', 'phone'] as const) {
      it(`candidate in ${lang} at ${width}: refused types in words, every word translated, who is signed in`, async () => {
        const page = await open('candidate', lang, width);
        const exe = fileCard(page, 'setup.exe');
        await exe.locator('.file-status__reason').waitFor();
        expect(await exe.locator('.file-card__meta').textContent()).toContain(words[lang].exe);
        expect(await exe.locator('.file-card__icon').textContent()).toBe('EXE');
        expect(
          await fileCard(page, 'eicar-test-file.txt').locator('.file-card__meta').textContent(),
        ).toContain(words[lang].text);
        const text = await page.locator('body').textContent();
        expect(text).not.toMatch(/application\/|\bappl\b/);

        // The header names who is signed in and in which role, at 375 px too.
        expect(await inView(page, '.header__user-name')).toBe(true);
        expect(await inView(page, '.header__user .badge')).toBe(true);
        expect(await page.locator('.header__user .badge').textContent()).toBe(words[lang].signedIn);

        if (lang === 'ja') {
          expect(text).not.toMatch(/\bText\b/);
          expect(text).toContain('次にすること：');
          expect(text).not.toMatch(/次にすること:|。 /);
          expect(await page.evaluate('getComputedStyle(document.documentElement).lineBreak')).toBe('strict');
        }

        // A file over the limit is refused on the page, the limit stated in either language.
        await attachWithButton(
          page,
          [
            {
              name: 'too-big.pdf',
              mimeType: 'application/pdf',
              buffer: Buffer.alloc(UPLOAD_LIMIT + 1, 0x25),
            },
          ],
          lang === 'ja' ? /ファイルを添付/ : /Attach files/,
        );
        const refusal = fileCard(page, 'too-big.pdf').getByRole('alert');
        await refusal.waitFor();
        expect(await refusal.textContent()).toContain('1 MB');
        await saveScreenshot(page, `polish-candidate-${lang}-${width}`);
        expect(opened.candidate?.problems).toEqual([]);
      });

      it(`company in ${lang} at ${width}: passed the safety check, and two files named cv.pdf told apart`, async () => {
        const page = await open('company', lang, width);
        const cards = fileCard(page, 'cv.pdf');
        await vi.waitFor(async () => expect(await cards.count()).toBe(2));
        const metas = await cards.locator('.file-card__meta').allTextContents();
        const hashes = await cards.locator('.file-card__hash').allTextContents();
        expect(hashes.every((h) => /^SHA-256 [0-9a-f]{8}$/.test(h))).toBe(true);
        expect(new Set(hashes).size).toBe(2);
        expect(metas[0]).not.toBe(metas[1]);
        for (const card of await cards.all())
          expect(await card.locator('.status-pill--published').textContent()).toBe(words[lang].passed);
        // Never offered: the refused files.
        expect(await fileCard(page, 'setup.exe').count()).toBe(0);
        expect(await inView(page, '.header__user .badge')).toBe(true);
        await saveScreenshot(page, `polish-company-${lang}-${width}`);
        expect(opened.company?.problems).toEqual([]);
      });
    }
});
