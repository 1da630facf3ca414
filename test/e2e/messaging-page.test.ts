import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createBuiltinScanner } from '../../src/gate/scan/builtin/builtin-scanner.js';
import { createDefaultEngines } from '../../src/runtime/gate/default-engines.js';
import { buildPdf } from '../fixtures/files/build-pdf.js';
import { openWatchedPage, saveScreenshot, type WatchedPage } from '../support/browser.js';
import { attachWithButton, eicar, fileCard, pageSuite } from './page-harness.js';

const HOSTILE_NAME = '<img src=x onerror=alert(1)>.pdf';

// A 4 MiB limit, so the refusal of a larger file is tested without pushing 25 MB through.
const suite = pageSuite({ maxUploadBytes: 4 * 1024 * 1024 });
const { opened } = suite;

/** Opens a page signed in as a demo user (the server sets the session cookie and redirects). */
async function openAs(
  role: 'candidate' | 'company',
  name: string,
  options: Parameters<typeof openWatchedPage>[1] = {},
): Promise<WatchedPage> {
  const watched = await openWatchedPage(suite.browser, options);
  opened[name] = watched;
  await watched.page.goto(`${suite.server.url}/demo/${role}`);
  await watched.page.locator('.thread__title').waitFor();
  return watched;
}

/** Counts top-level navigations after the first load: a live update must not need one. */
function countReloads(page: Page): () => number {
  let navigations = 0;
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) navigations++;
  });
  return () => navigations;
}

/** Reads a FileView with the candidate's token, straight from the API. */
async function fileView(id: string): Promise<{
  status: string;
  explanation: { en: { reason: string; nextStep: string }; ja: { reason: string; nextStep: string } } | null;
}> {
  const response = await fetch(`${suite.server.url}/api/files/${id}`, {
    headers: { authorization: `Bearer ${suite.server.demo.candidateToken}` },
  });
  return (await response.json()) as Awaited<ReturnType<typeof fileView>>;
}

describe('the messaging page, end to end through the real server', () => {
  it("shows the candidate's clean PDF on the company's open page as soon as it is published, without a reload", async () => {
    const company = await openAs('company', 'company');
    const companyReloads = countReloads(company.page);
    const candidate = await openAs('candidate', 'candidate');

    // Slow the candidate's uplink so that the progress bar is really seen moving (bytes sent).
    const cdp = await candidate.context.newCDPSession(candidate.page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: 1024 * 1024,
    });
    const pdf = buildPdf({ padTo: 3 * 1024 * 1024 });
    await attachWithButton(candidate.page, [
      { name: 'cv-yamada.pdf', mimeType: 'application/pdf', buffer: pdf },
    ]);
    const progress = candidate.page.locator('progress.upload-progress__bar');
    await progress.waitFor();
    await expect
      .poll(async () => Number(await progress.getAttribute('value').catch(() => '0')), { timeout: 10_000 })
      .toBeGreaterThan(0);
    expect(Number(await progress.getAttribute('max'))).toBeGreaterThanOrEqual(pdf.length);
    await saveScreenshot(candidate.page, 'candidate-uploading');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });

    const mine = fileCard(candidate.page, 'cv-yamada.pdf');
    await mine.getByText('Shared with the company').waitFor({ timeout: 15_000 });

    const theirs = fileCard(company.page, 'cv-yamada.pdf');
    await theirs.waitFor({ timeout: 5_000 });
    expect(await theirs.textContent()).toContain('3.0 MB');
    expect(await theirs.textContent()).toContain('PDF');
    const download = theirs.getByRole('link', { name: 'Download cv-yamada.pdf' });
    expect(await download.getAttribute('href')).toMatch(/^\/api\/files\/[^/]+\/content$/);
    expect(await download.getAttribute('download')).toBe('cv-yamada.pdf');
    expect(companyReloads()).toBe(0);
    // The live region is filled by an effect after the card renders: wait for it, do not race it.
    await expect
      .poll(() => company.page.getByTestId('announcer').textContent())
      .toBe('A file was shared: cv-yamada.pdf');

    const [saved] = await Promise.all([company.page.waitForEvent('download'), download.click()]);
    expect(saved.suggestedFilename()).toBe('cv-yamada.pdf');
    expect((await readFile(await saved.path())).equals(pdf)).toBe(true);

    await saveScreenshot(candidate.page, 'candidate-thread');
    await saveScreenshot(company.page, 'company-thread');
    expect(candidate.problems).toEqual([]);
    expect(company.problems).toEqual([]);
  });

  it('blocks the EICAR test file for the candidate with a plain reason, and the company never sees it', async () => {
    const company = await openAs('company', 'company');
    const candidate = await openAs('candidate', 'candidate');

    await attachWithButton(candidate.page, [
      { name: 'eicar-test.txt', mimeType: 'text/plain', buffer: eicar() },
    ]);
    const blocked = fileCard(candidate.page, 'eicar-test.txt');
    await blocked.getByText('Not shared').waitFor({ timeout: 15_000 });

    const id = await blocked.locator('..').getAttribute('data-file-id');
    const view = await fileView(id ?? '');
    expect(view.status).toBe('blocked');
    const reason = view.explanation?.en.reason ?? '';
    expect(reason.length).toBeGreaterThan(10);
    expect(await blocked.locator('.file-status__reason').textContent()).toBe(reason);
    expect(await blocked.locator('.file-status__next').textContent()).toBe(
      `What to do: ${view.explanation?.en.nextStep}`,
    );
    expect(await blocked.getByRole('link', { name: /Download/ }).count()).toBe(0);
    await saveScreenshot(candidate.page, 'candidate-blocked');

    // Events reach the company in order: once a later clean file shows up there, an earlier
    // blocked one would have arrived too had it been sent.
    await attachWithButton(candidate.page, [
      { name: 'portfolio.pdf', mimeType: 'application/pdf', buffer: buildPdf() },
    ]);
    await fileCard(company.page, 'portfolio.pdf').waitFor({ timeout: 15_000 });
    expect(await company.page.getByText('eicar-test.txt').count()).toBe(0);
    await company.page.reload();
    await fileCard(company.page, 'portfolio.pdf').waitFor();
    expect(await company.page.getByText('eicar-test.txt').count()).toBe(0);
    expect(candidate.problems).toEqual([]);
    expect(company.problems).toEqual([]);
  });

  it('renders a hostile file name as text on both sides, and no script runs', async () => {
    const company = await openAs('company', 'company');
    const candidate = await openAs('candidate', 'candidate');
    await attachWithButton(candidate.page, [
      { name: HOSTILE_NAME, mimeType: 'application/pdf', buffer: buildPdf() },
    ]);

    await fileCard(candidate.page, HOSTILE_NAME)
      .getByText('Shared with the company')
      .waitFor({ timeout: 15_000 });
    const theirs = fileCard(company.page, HOSTILE_NAME);
    await theirs.waitFor({ timeout: 5_000 });
    expect(await theirs.locator('.file-card__name').textContent()).toContain(HOSTILE_NAME);
    expect(await theirs.getByText(HOSTILE_NAME, { exact: true }).isVisible()).toBe(true);
    for (const page of [candidate.page, company.page])
      expect(await page.locator('.timeline img').count()).toBe(0);
    expect(candidate.dialogs).toEqual([]);
    expect(company.dialogs).toEqual([]);
    await saveScreenshot(company.page, 'company-hostile-name');
    expect(candidate.problems).toEqual([]);
    expect(company.problems).toEqual([]);
  });

  it("withdraws a published file from the company's open page when a re-scan finds it infected", async () => {
    const company = await openAs('company', 'company');
    const candidate = await openAs('candidate', 'candidate');
    const pdf = buildPdf({ padTo: 4096 }); // bytes of its own, so the denylist below hits only this file
    await attachWithButton(candidate.page, [
      { name: 'old-portfolio.pdf', mimeType: 'application/pdf', buffer: pdf },
    ]);
    const theirs = fileCard(company.page, 'old-portfolio.pdf');
    await theirs.waitFor({ timeout: 15_000 });
    const id = (await theirs.locator('..').getAttribute('data-file-id')) ?? '';

    // New signatures arrive (a sha256 denylist entry for this file) and an operator re-scans it.
    suite.server.gate.setEngines([
      createBuiltinScanner({ denylist: [createHash('sha256').update(pdf).digest('hex')] }),
    ]);
    try {
      const rescan = await fetch(`${suite.server.url}/api/files/${id}/rescan`, {
        method: 'POST',
        headers: { authorization: `Bearer ${suite.server.demo.operatorToken}` },
      });
      expect(rescan.status).toBe(202);
      await theirs.waitFor({ state: 'detached', timeout: 15_000 });
      await expect
        .poll(() => company.page.getByTestId('announcer').textContent())
        .toBe('A file was withdrawn: old-portfolio.pdf');
      await fileCard(candidate.page, 'old-portfolio.pdf').getByText('Withdrawn after a new check').waitFor();
      await saveScreenshot(candidate.page, 'candidate-revoked');
    } finally {
      suite.server.gate.setEngines(createDefaultEngines());
    }
    expect(candidate.problems).toEqual([]);
    expect(company.problems).toEqual([]);
  });

  it("follows the browser's Japanese, switches to English, and remembers the choice", async () => {
    const candidate = await openAs('candidate', 'candidate-ja', { locale: 'ja-JP' });
    const page = candidate.page;
    await page.getByRole('button', { name: 'ファイルを添付' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('ja');
    // The EICAR file of the earlier test explains itself in Japanese too.
    const blocked = fileCard(page, 'eicar-test.txt');
    const id = await blocked.locator('..').getAttribute('data-file-id');
    const view = await fileView(id ?? '');
    expect(await blocked.locator('.file-status__reason').textContent()).toBe(view.explanation?.ja.reason);
    await saveScreenshot(page, 'candidate-thread-ja');

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: 'Attach files' }).waitFor();
    expect(await page.getByRole('button', { name: 'English' }).getAttribute('aria-pressed')).toBe('true');
    expect(await blocked.locator('.file-status__reason').textContent()).toBe(view.explanation?.en.reason);

    await page.reload();
    await page.getByRole('button', { name: 'Attach files' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(candidate.problems).toEqual([]);
  });

  it('lets the candidate attach a file and send a message with the keyboard alone', async () => {
    const candidate = await openAs('candidate', 'candidate');
    const page = candidate.page;
    let reached = false;
    for (let i = 0; i < 25 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(`document.activeElement?.textContent?.includes('Attach files') ?? false`);
    }
    expect(reached).toBe(true);
    const outline = await page.evaluate(`getComputedStyle(document.activeElement).outlineStyle`);
    expect(outline).not.toBe('none');
    await saveScreenshot(page, 'candidate-keyboard-focus');

    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Enter')]);
    await chooser.setFiles([{ name: 'keyboard.pdf', mimeType: 'application/pdf', buffer: buildPdf() }]);
    await fileCard(page, 'keyboard.pdf').getByText('Shared with the company').waitFor({ timeout: 15_000 });

    await page.keyboard.press('Tab');
    expect(await page.evaluate(`document.activeElement?.id`)).toBe('composer-text');
    await page.keyboard.type('CVを送りました。よろしくお願いします。');
    await page.keyboard.press('Enter');
    await page.locator('.bubble__text', { hasText: 'CVを送りました。' }).waitFor();
    expect(candidate.problems).toEqual([]);
  });

  it('attaches several files dropped onto the conversation at once, and messages arrive live both ways', async () => {
    const company = await openAs('company', 'company');
    const candidate = await openAs('candidate', 'candidate');
    // A real drop carries a DataTransfer of File objects; build one in the page and drop it.
    const zone = candidate.page.locator('.drop-zone');
    const transfer = await candidate.page.evaluateHandle(`(() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File(['name,role\\nHanako,engineer\\n'], 'skills.csv', { type: 'text/csv' }));
      transfer.items.add(new File(['Certificates: JLPT N1, AWS SAA'], 'certificates.txt', { type: 'text/plain' }));
      return transfer;
    })()`);
    await zone.dispatchEvent('dragenter', { dataTransfer: transfer });
    await candidate.page.getByText('Drop to attach').waitFor();
    await zone.dispatchEvent('dragover', { dataTransfer: transfer });
    await zone.dispatchEvent('drop', { dataTransfer: transfer });
    for (const name of ['skills.csv', 'certificates.txt']) {
      await fileCard(candidate.page, name).getByText('Shared with the company').waitFor({ timeout: 15_000 });
      await fileCard(company.page, name).waitFor({ timeout: 5_000 });
    }
    expect(await candidate.page.getByText('Drop to attach').count()).toBe(0);

    await company.page.getByLabel('Message').fill('Thank you, we will reply within a week.');
    await company.page.getByRole('button', { name: 'Send' }).click();
    await candidate.page.locator('.bubble__text', { hasText: 'we will reply within a week' }).waitFor();
    expect(candidate.problems).toEqual([]);
    expect(company.problems).toEqual([]);
  });

  it("shows the server's refusal of an oversize and an empty file, and lets the candidate dismiss it", async () => {
    const candidate = await openAs('candidate', 'candidate');
    await attachWithButton(candidate.page, [
      { name: 'scan-too-big.pdf', mimeType: 'application/pdf', buffer: buildPdf({ padTo: 5 * 1024 * 1024 }) },
      { name: 'empty.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(0) },
    ]);
    const tooBig = fileCard(candidate.page, 'scan-too-big.pdf');
    await tooBig.getByText('Upload failed').waitFor({ timeout: 15_000 });
    expect(await tooBig.getByRole('alert').textContent()).toBe(
      'The file is larger than the upload limit of 4 MB; send a smaller file.',
    );
    const empty = fileCard(candidate.page, 'empty.pdf');
    await empty.getByText('Upload failed').waitFor({ timeout: 15_000 });
    expect(await empty.getByRole('alert').textContent()).toBe(
      'The file is empty; choose a file with content.',
    );
    await candidate.page.getByRole('button', { name: '日本語' }).click();
    expect(await empty.getByRole('alert').textContent()).toBe(
      '空のファイルです。中身のあるファイルを選んでください。',
    );
    await saveScreenshot(candidate.page, 'candidate-upload-refused-ja');
    await candidate.page.getByRole('button', { name: 'English' }).click();

    await empty.getByRole('button', { name: 'Dismiss' }).click();
    await empty.waitFor({ state: 'detached' });
    await tooBig.getByRole('button', { name: 'Dismiss' }).click();
    await tooBig.waitFor({ state: 'detached' });
    // The browser logs each refused request (413, 400) as a failed resource; nothing else may appear.
    expect(candidate.problems.filter((p) => !/status of (413|400)/.test(p))).toEqual([]);
  });

  it('fits a 375 px phone on both sides without sideways scrolling', async () => {
    const phone = { viewport: { width: 375, height: 812 } };
    const candidate = await openAs('candidate', 'candidate-phone', phone);
    const company = await openAs('company', 'company-phone', phone);
    for (const page of [candidate.page, company.page])
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await saveScreenshot(candidate.page, 'phone-candidate');
    await saveScreenshot(company.page, 'phone-company');
    expect(candidate.problems).toEqual([]);
    expect(company.problems).toEqual([]);
  });

  it('signs in with a token when there is no session', async () => {
    const watched = await openWatchedPage(suite.browser);
    opened.signIn = watched;
    await watched.page.goto(suite.server.url);
    await watched.page.getByLabel('Access token').fill('not-a-token');
    await watched.page.getByRole('button', { name: 'Sign in' }).click();
    await watched.page.getByRole('alert').getByText('That token was not accepted').waitFor();
    await saveScreenshot(watched.page, 'sign-in');
    await watched.page.getByLabel('Access token').fill(suite.server.demo.companyToken);
    await watched.page.getByRole('button', { name: 'Sign in' }).click();
    await watched.page.locator('.thread__title').waitFor();
    // The refused sign-in is a 401 the browser logs as a failed resource; nothing else may appear.
    expect(watched.problems.filter((p) => !p.includes('401'))).toEqual([]);
  });
});
