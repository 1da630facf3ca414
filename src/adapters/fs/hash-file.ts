import { Worker } from 'node:worker_threads';

// CommonJS for an eval'd worker (no module resolution, so it runs the same from src/ and dist/):
// reads the file in 1 MiB pieces into one reused buffer and hashes them, all off the event loop.
const HASH_WORKER = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { openSync, readSync, closeSync } = require('node:fs');
const buffer = Buffer.allocUnsafe(1024 * 1024);
parentPort.on('message', ({ id, path }) => {
  let fd;
  let reply;
  try {
    fd = openSync(path, 'r');
    const hash = createHash('sha256');
    for (let n = readSync(fd, buffer, 0, buffer.length, null); n > 0; n = readSync(fd, buffer, 0, buffer.length, null))
      hash.update(buffer.subarray(0, n));
    reply = { id, sha256: hash.digest('hex') };
  } catch (error) {
    reply = { id, code: error.code ?? null, message: String(error.message) };
  }
  // Closed before the reply: a caller that deletes or reopens the file never races this handle.
  try {
    if (fd !== undefined) closeSync(fd);
  } catch {}
  parentPort.postMessage(reply);
});
`;

interface Reply {
  readonly id: number;
  readonly sha256?: string;
  readonly code?: string | null;
  readonly message?: string;
}

interface Pending {
  readonly resolve: (sha256: string) => void;
  readonly reject: (error: Error) => void;
}

let worker: Worker | null = null;
let nextId = 0;
const pending = new Map<number, Pending>();

function failAll(error: Error): void {
  for (const { reject } of pending.values()) reject(error);
  pending.clear();
}

function hashWorker(): Worker {
  if (worker !== null) return worker;
  const started = new Worker(HASH_WORKER, { eval: true });
  // Idle, it must not keep a CLI or a test process alive; a pending hash refs it again below.
  started.unref();
  started.on('message', (reply: Reply) => {
    const waiting = pending.get(reply.id);
    if (waiting === undefined) return;
    pending.delete(reply.id);
    if (pending.size === 0) started.unref();
    if (reply.sha256 !== undefined) return waiting.resolve(reply.sha256);
    waiting.reject(
      Object.assign(new Error(reply.message ?? 'could not hash the file'), { code: reply.code ?? undefined }),
    );
  });
  const lost = (error: Error): void => {
    if (worker === started) worker = null;
    failAll(error);
  };
  started.on('error', lost);
  started.on('exit', (code) => lost(new Error(`the hashing worker exited with code ${code}`)));
  worker = started;
  return started;
}

/**
 * The hex sha256 of the file at `path`, computed in a worker thread: reading and hashing a 25 MB
 * upload take tens of milliseconds of CPU, and on the event loop they stalled every request (200
 * uploads finishing together held `/healthz` for up to 0.7 s, measured by
 * `bench/healthz-under-burst.ts`). One worker serves every caller in turn, with one 1 MiB buffer,
 * so memory stays flat however many files wait.
 *
 * @throws the filesystem error (with its `code`, e.g. `ENOENT`) when the file cannot be read.
 */
export function hashFile(path: string): Promise<string> {
  const target = hashWorker();
  const id = nextId++;
  return new Promise<string>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    target.ref();
    target.postMessage({ id, path });
  });
}
