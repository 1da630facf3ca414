import { availableParallelism } from 'node:os';
import type { ResourceLimits, Worker } from 'node:worker_threads';
import type { LocalFile, Scanner, ScanSubject } from '../../gate/ports.js';
import {
  BUILTIN_ENGINE,
  BUILTIN_VERSION,
  type BuiltinLimits,
} from '../../gate/scan/builtin/builtin-scanner.js';
import type { ScanPolicy } from '../../gate/scan/scan-policy.js';
import type { EngineResult } from '../../gate/verdict.js';
import type { ScanJob, ScanJobReply, ScanWorkerData } from './scan-worker-protocol.js';
import { DEFAULT_SCAN_WORKER_URL, spawnScanWorker } from './spawn-scan-worker.js';

/** Options of {@link createWorkerPoolScanner}. */
export interface WorkerPoolScannerOptions {
  /** Worker threads; default `max(1, os.availableParallelism() - 1)`, leaving a core to the event loop. */
  readonly size?: number;
  /**
   * How long one scan may run in a worker, counted from when a worker takes it; past it the worker
   * is terminated and replaced, and the result is `error`. Default 60 000 ms. `scanFile` usually
   * gives up earlier (its own per-engine deadline aborts the scan, which terminates the worker too).
   */
  readonly timeoutMs?: number;
  /** The built-in engine's limits (defaults of `BuiltinLimits`). */
  readonly limits?: Partial<BuiltinLimits>;
  /** Hex sha256 digests to report as infected. */
  readonly denylist?: Iterable<string>;
  /** Which types the built-in engine accepts; default its default policy. */
  readonly policy?: ScanPolicy;
  /** Heap caps of each worker (Node's `resourceLimits`); a worker over them dies and the scan is `error`. */
  readonly resourceLimits?: ResourceLimits;
  /** The worker entry; default `scan-worker.js` (or `.ts` under tsx) next to this module. */
  readonly workerUrl?: URL;
}

/** Counters of a {@link WorkerPoolScanner}. */
export interface WorkerPoolStats {
  readonly size: number;
  readonly workers: number;
  readonly busy: number;
  readonly queued: number;
  /** Workers terminated after a crash, a timeout or an abort (each is replaced on demand). */
  readonly replaced: number;
}

/** The built-in engine behind a pool of worker threads; still a `Scanner`, named `builtin`. */
export interface WorkerPoolScanner extends Scanner {
  stats(): WorkerPoolStats;
  /** Terminates every worker; queued and running scans end as `error`. */
  close(): Promise<void>;
}

interface Task {
  readonly job: ScanJob;
  readonly done: (result: EngineResult) => void;
  readonly signal: AbortSignal | undefined;
  onAbort?: () => void;
}

interface Slot {
  readonly worker: Worker;
  task: Task | null;
  timer: NodeJS.Timeout | null;
}

const failure = (rule: string, detail: string): EngineResult => ({
  engine: BUILTIN_ENGINE,
  version: BUILTIN_VERSION,
  kind: 'error',
  findings: [{ engine: BUILTIN_ENGINE, rule, detail }],
  detectedType: null,
});

/**
 * Runs the built-in engine in a pool of `worker_threads`, so that inspecting a large file (about
 * 10 ms per MB) never stalls the event loop serving HTTP, SSE and the release. Each worker opens
 * the subject's `localFile` by path (the bytes are not posted across; a remote store spools its
 * object to a temporary file, released when the scan ends) and returns the `EngineResult`.
 * Fails closed: a worker that crashes, exits or passes `timeoutMs` is terminated and replaced, and
 * that scan is `error` (`engine-error` / `engine-timeout`), never `clean`. A subject with no local
 * file (one held only in memory) is `error` too. Workers start on demand and are unref'd while idle.
 */
export function createWorkerPoolScanner(options: WorkerPoolScannerOptions = {}): WorkerPoolScanner {
  const size = Math.max(1, Math.floor(options.size ?? availableParallelism() - 1));
  const timeoutMs = options.timeoutMs ?? 60_000;
  const entry = options.workerUrl ?? DEFAULT_SCAN_WORKER_URL;
  const workerData: ScanWorkerData = {
    limits: { ...options.limits },
    denylist: [...(options.denylist ?? [])],
    ...(options.policy === undefined ? {} : { accept: [...options.policy.accept] }),
  };
  const slots = new Set<Slot>();
  const queue: Task[] = [];
  let nextId = 1;
  let replaced = 0;
  let closed = false;

  const finish = (slot: Slot | null, task: Task, result: EngineResult): void => {
    if (slot !== null) {
      if (slot.timer !== null) clearTimeout(slot.timer);
      slot.timer = null;
      slot.task = null;
    }
    if (task.onAbort !== undefined) task.signal?.removeEventListener('abort', task.onAbort);
    task.done(result);
  };

  /** Terminates a worker whose scan cannot be trusted to end; a new one starts when work needs it. */
  const retire = (slot: Slot): void => {
    if (!slots.delete(slot)) return;
    replaced++;
    void slot.worker.terminate();
  };

  const start = (): Slot => {
    const worker = spawnScanWorker(entry, {
      workerData,
      ...(options.resourceLimits === undefined ? {} : { resourceLimits: options.resourceLimits }),
    });
    const slot: Slot = { worker, task: null, timer: null };
    worker.on('message', (reply: ScanJobReply) => {
      const task = slot.task;
      if (task === null || task.job.id !== reply.id) return;
      finish(
        slot,
        task,
        'result' in reply
          ? reply.result
          : failure('engine-error', `The built-in engine failed in its worker: ${reply.error}`),
      );
      worker.unref();
      pump();
    });
    const crashed = (why: string): void => {
      const task = slot.task;
      if (slots.has(slot)) retire(slot);
      if (task !== null) finish(slot, task, failure('engine-error', `The built-in engine's worker ${why}.`));
      pump();
    };
    worker.on('error', (error) => crashed(`crashed: ${error.message}`));
    worker.on('exit', (code) => crashed(`exited with code ${code}`));
    worker.unref();
    slots.add(slot);
    return slot;
  };

  const assign = (slot: Slot, task: Task): void => {
    slot.task = task;
    slot.worker.ref();
    slot.timer = setTimeout(() => {
      retire(slot);
      finish(
        slot,
        task,
        failure(
          'engine-timeout',
          `The built-in engine did not finish within ${timeoutMs} ms; its worker was stopped.`,
        ),
      );
      pump();
    }, timeoutMs);
    slot.worker.postMessage(task.job);
  };

  function pump(): void {
    while (!closed && queue.length > 0) {
      let slot: Slot | undefined;
      for (const s of slots) if (s.task === null) slot = s;
      if (slot === undefined && slots.size < size) slot = start();
      if (slot === undefined) return;
      const task = queue.shift();
      if (task !== undefined) assign(slot, task);
    }
  }

  /** Queues one job for a worker; resolves with its result, or `error` when aborted first. */
  const runInWorker = (subject: ScanSubject, path: string, signal?: AbortSignal): Promise<EngineResult> =>
    new Promise<EngineResult>((resolve) => {
      const task: Task = {
        job: {
          id: nextId++,
          path,
          displayName: subject.displayName,
          size: subject.size,
          sha256: subject.sha256,
        },
        done: resolve,
        signal,
      };
      if (signal?.aborted) {
        resolve(failure('engine-timeout', 'The scan was cancelled before it started.'));
        return;
      }
      task.onAbort = () => {
        const queued = queue.indexOf(task);
        if (queued >= 0) {
          queue.splice(queued, 1);
          finish(null, task, failure('engine-timeout', 'The scan was cancelled while waiting for a worker.'));
          return;
        }
        for (const slot of slots)
          if (slot.task === task) {
            retire(slot);
            finish(slot, task, failure('engine-timeout', 'The scan was cancelled; its worker was stopped.'));
          }
        pump();
      };
      signal?.addEventListener('abort', task.onAbort, { once: true });
      queue.push(task);
      pump();
    });

  return {
    name: BUILTIN_ENGINE,
    async scan(subject, signal) {
      if (subject.localFile === undefined)
        return failure('engine-error', 'The scan pool needs a file on disk; this subject has no path.');
      if (closed) return failure('engine-error', 'The scan pool is closed.');
      let local: LocalFile;
      try {
        local = await subject.localFile();
      } catch {
        // The cause (a path, a storage error) is not for the uploader, who reads findings.
        return failure('engine-error', 'The file could not be copied to local disk for scanning.');
      }
      try {
        return await runInWorker(subject, local.path, signal);
      } finally {
        await local.release();
      }
    },
    stats() {
      let busy = 0;
      for (const slot of slots) if (slot.task !== null) busy++;
      return { size, workers: slots.size, busy, queued: queue.length, replaced };
    },
    async close() {
      closed = true;
      for (const task of queue.splice(0))
        finish(null, task, failure('engine-error', 'The scan pool closed.'));
      const running = [...slots];
      slots.clear();
      for (const slot of running)
        if (slot.task !== null) finish(slot, slot.task, failure('engine-error', 'The scan pool closed.'));
      await Promise.all(running.map((slot) => slot.worker.terminate()));
    },
  };
}
