import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { VerdictItem } from '../../../src/gate/stream-record.js';
import type { DemoInfo } from '../../../src/runtime/gate/demo-seed.js';
import { type GateOptions, type RunningGate, startGate } from '../../../src/runtime/gate/start-gate.js';

/** A temporary data directory, removed by `cleanup`. */
export async function tempDataDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'sekisho-gate-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Starts the real server on 127.0.0.1:0 in demo mode, with a generated secret in the data dir. */
export async function startTestGate(
  dataDir: string,
  options: Partial<GateOptions> = {},
): Promise<RunningGate & { demo: DemoInfo }> {
  const gate = await startGate({ dataDir, port: 0, demo: true, env: {}, scanConcurrency: 4, ...options });
  if (gate.demo === null) throw new Error('demo mode did not seed');
  return gate as RunningGate & { demo: DemoInfo };
}

/** Uploads `bytes` as multipart field `file` with a Bearer token, over real HTTP. */
export async function upload(
  baseUrl: string,
  threadId: string,
  token: string | null,
  bytes: Uint8Array | string,
  name = 'cv.txt',
): Promise<Response> {
  const form = new FormData();
  form.append('file', new Blob([bytes]), name);
  return fetch(`${baseUrl}/api/threads/${threadId}/files`, {
    method: 'POST',
    body: form,
    headers: token === null ? {} : { authorization: `Bearer ${token}` },
  });
}

/** GETs a path with a Bearer token. */
export function get(baseUrl: string, path: string, token: string): Promise<Response> {
  return fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
}

/**
 * Polls `check` every 10 ms until it returns a value other than undefined, or fails after `ms`.
 * The bound is generous (a passing test returns as soon as the condition holds): a scan of a
 * 48 MB file on a busy 2-core machine takes seconds.
 */
export async function eventually<T>(
  check: () => Promise<T | undefined> | T | undefined,
  ms = 30_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Waits until the file has left `scanning` as `token` sees it, and returns its FileView. */
export async function settledFile(
  baseUrl: string,
  id: string,
  token: string,
  ms = 10_000,
): Promise<{ status: string; [key: string]: unknown }> {
  return eventually(async () => {
    const response = await get(baseUrl, `/api/files/${id}`, token);
    if (response.status !== 200) return undefined;
    const view = (await response.json()) as { status: string };
    return view.status === 'scanning' ? undefined : view;
  }, ms);
}

/**
 * Uploads `text` and waits until its verdict item is in the verdict table (not until it is
 * released): the starting point of the webhook tests, which deliver the verdict themselves.
 */
export async function uploadScanned(
  gate: RunningGate & { demo: DemoInfo },
  text: string,
  threadId = gate.demo.threadId,
  token = gate.demo.candidateToken,
): Promise<VerdictItem> {
  const response = await upload(gate.url, threadId, token, text);
  const { id } = (await response.json()) as { id: string };
  return eventually(async () => (await gate.verdicts.get(id)) ?? undefined);
}
