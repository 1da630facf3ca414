import { renameSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppStore } from '../../gate/app/app-store.js';

/** `<data>/demo.json`: what `serve --demo` seeded (issue 3's contract keys plus operatorToken). */
export interface DemoInfo {
  readonly threadId: string;
  readonly candidateToken: string;
  readonly companyToken: string;
  readonly operatorToken: string;
  readonly baseUrl: string;
  /** A second thread with its own job seeker and company, for tests of isolation and fairness. */
  readonly second: DemoThread;
}

/** One demo thread and its two participants' tokens. */
export interface DemoThread {
  readonly threadId: string;
  readonly candidateToken: string;
  readonly companyToken: string;
}

/**
 * Seeds a demo candidate, company, operator and one thread (plus a second thread with its own
 * candidate and company), or reuses the ones a previous run recorded in `<data>/demo.json` when
 * their tokens still work.
 */
export async function seedDemo(app: AppStore, dataDir: string): Promise<Omit<DemoInfo, 'baseUrl'>> {
  try {
    const previous = JSON.parse(await readFile(join(dataDir, 'demo.json'), 'utf8')) as Partial<DemoInfo>;
    const { threadId, candidateToken, companyToken, operatorToken } = previous;
    if (
      threadId &&
      candidateToken &&
      companyToken &&
      operatorToken &&
      app.getThread(threadId) !== null &&
      app.userByToken(candidateToken) !== null &&
      app.userByToken(companyToken) !== null &&
      app.userByToken(operatorToken) !== null
    )
      return {
        threadId,
        candidateToken,
        companyToken,
        operatorToken,
        second: usableThread(app, previous.second) ?? seedSecondThread(app),
      };
  } catch {
    // No usable demo.json: seed afresh below.
  }
  const candidate = app.createUser('山田 花子 (Hanako Yamada)', 'candidate');
  const company = app.createUser('株式会社サンプル (Sample Inc.)', 'company');
  const operator = app.createUser('佐藤 健 (Ken Sato)', 'operator');
  const thread = app.createThread('バックエンドエンジニア応募 / Backend engineer application', [
    candidate.user.id,
    company.user.id,
  ]);
  app.addMessage(thread.id, company.user.id, 'ご応募ありがとうございます。履歴書をお送りください。');
  return {
    threadId: thread.id,
    candidateToken: candidate.token,
    companyToken: company.token,
    operatorToken: operator.token,
    second: seedSecondThread(app),
  };
}

/**
 * Writes `<data>/demo.json` atomically (a temporary file renamed over it), synchronously, so the
 * caller can do it in the server's `listening` callback: before the first request is read, and
 * without a moment in which a script that follows the README finds the file missing or half written.
 */
export function writeDemoInfo(dataDir: string, demo: DemoInfo): void {
  const path = join(dataDir, 'demo.json');
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(demo, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, path);
}

/** The second thread a previous run recorded, when it and its tokens still work. */
function usableThread(app: AppStore, thread: Partial<DemoThread> | undefined): DemoThread | null {
  const { threadId, candidateToken, companyToken } = thread ?? {};
  if (!threadId || !candidateToken || !companyToken) return null;
  if (app.getThread(threadId) === null || app.userByToken(candidateToken) === null) return null;
  if (app.userByToken(companyToken) === null) return null;
  return { threadId, candidateToken, companyToken };
}

function seedSecondThread(app: AppStore): DemoThread {
  const candidate = app.createUser('佐藤 太郎 (Taro Sato)', 'candidate');
  const company = app.createUser('株式会社テスト (Test Co.)', 'company');
  const thread = app.createThread('デザイナー応募 / Designer application', [
    candidate.user.id,
    company.user.id,
  ]);
  app.addMessage(thread.id, company.user.id, 'ポートフォリオをお送りください。');
  return { threadId: thread.id, candidateToken: candidate.token, companyToken: company.token };
}
