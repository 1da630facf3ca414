import type { ScanQueue } from '../../gate/ports.js';
import type { ScanRequest } from '../../gate/scan/scan-job.js';
import type { Logger } from '../../shared/logger.js';
import { createWorkQueue } from './work-queue.js';

/** The scan queue on one machine: jobs run in this process, at most `concurrency` at a time. */
export interface LocalScanQueue extends ScanQueue {
  /** Resolves when no scan is queued or running. */
  idle(): Promise<void>;
  /** Scans queued or running. */
  readonly pending: number;
}

/** Creates the in-process scan queue; `run` is the scan job (`makeScanJob(…).run`). */
export function createLocalScanQueue(
  concurrency: number,
  run: (request: ScanRequest) => Promise<void>,
  logger: Logger,
): LocalScanQueue {
  const queue = createWorkQueue(concurrency, (error) =>
    logger.error({ err: error }, 'background scan failed'),
  );
  return {
    async enqueue(request) {
      queue.push(() => run(request));
    },
    idle: () => queue.idle(),
    get pending() {
      return queue.pending;
    },
  };
}
