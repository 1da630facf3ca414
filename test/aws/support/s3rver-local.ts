import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { stopChild } from './stop-child.js';

/** One S3 event notification as s3rver emits it (the shape S3 sends to SQS, EventBridge, Lambda). */
export interface S3EventNotification {
  readonly Records: readonly {
    readonly eventName: string;
    readonly s3: { readonly bucket: { readonly name: string }; readonly object: { readonly key: string } };
  }[];
}

/** s3rver in a child process on a loopback port, storing under a temp directory. */
export interface RunningS3rver {
  readonly endpoint: string;
  readonly pid: number;
  /** Every event notification so far, oldest first. */
  readonly events: S3EventNotification[];
  /** Resolves with the next event for which `match` is true (or one already seen and not yet taken). */
  nextEvent(match: (event: S3EventNotification) => boolean, timeoutMs?: number): Promise<S3EventNotification>;
  stop(): Promise<void>;
}

/** Starts s3rver 3.7 with `buckets` created, and waits for it to listen. */
export async function startS3rver(buckets: readonly string[]): Promise<RunningS3rver> {
  const directory = await mkdtemp(join(tmpdir(), 'sekisho-s3rver-'));
  const child: ChildProcess = spawn(
    process.execPath,
    [join(import.meta.dirname, 's3rver-main.mjs'), directory, ...buckets],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const events: S3EventNotification[] = [];
  const taken = new Set<S3EventNotification>();
  const waiters = new Set<() => void>();
  const port = await new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on('line', (line) => {
      const parsed = JSON.parse(line) as { port?: number; event?: S3EventNotification };
      if (parsed.port !== undefined) resolve(parsed.port);
      if (parsed.event !== undefined) {
        events.push(parsed.event);
        for (const wake of waiters) wake();
      }
    });
    child.once('exit', (code) => reject(new Error(`s3rver exited (${code}): ${stderr.trim()}`)));
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    pid: child.pid as number,
    events,
    nextEvent(match, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = events.find((e) => !taken.has(e) && match(e));
          if (found === undefined) return false;
          taken.add(found);
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching S3 event within ${timeoutMs} ms`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
    async stop() {
      await stopChild(child);
      await rm(directory, { recursive: true, force: true });
    },
  };
}
