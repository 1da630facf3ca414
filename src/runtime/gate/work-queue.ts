/** A FIFO of async jobs run at most `concurrency` at a time. */
export interface WorkQueue {
  push(job: () => Promise<void>): void;
  /** Resolves when nothing is queued or running. */
  idle(): Promise<void>;
  readonly pending: number;
}

/**
 * A bounded-concurrency queue for background scans, so a burst of uploads cannot start
 * unbounded work. Jobs must handle their own errors; a throw is passed to `onError`.
 */
export function createWorkQueue(concurrency: number, onError: (error: unknown) => void): WorkQueue {
  const queue: (() => Promise<void>)[] = [];
  let running = 0;
  let waiters: (() => void)[] = [];
  const next = (): void => {
    while (running < concurrency && queue.length > 0) {
      const job = queue.shift() as () => Promise<void>;
      running++;
      job()
        .catch(onError)
        .finally(() => {
          running--;
          next();
        });
    }
    if (running === 0 && queue.length === 0) {
      const done = waiters;
      waiters = [];
      for (const resolve of done) resolve();
    }
  };
  return {
    push(job) {
      queue.push(job);
      next();
    },
    idle() {
      if (running === 0 && queue.length === 0) return Promise.resolve();
      return new Promise((resolve) => waiters.push(resolve));
    },
    get pending() {
      return running + queue.length;
    },
  };
}
