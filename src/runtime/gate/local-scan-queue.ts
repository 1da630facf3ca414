import { gateErrors } from '../../gate/app/gate-errors.js';
import type { EnqueueOptions, ScanAdmission, ScanQueue } from '../../gate/ports.js';
import { createFairSchedule, type FairScheduleLimits } from '../../gate/scan/fair-schedule.js';
import type { ScanRequest } from '../../gate/scan/scan-job.js';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';

/** Counts of the local queue, for `/metrics` and the operations page. */
export interface ScanQueueStats {
  readonly queued: number;
  readonly running: number;
  /** Places held for uploads whose body is still arriving. */
  readonly reserved: number;
  /** Users with scans waiting. */
  readonly users: number;
  /** How long the oldest waiting scan has waited (0 when none waits). */
  readonly oldestWaitMs: number;
  /**
   * The owners with the most scans waiting, most first (at most five): a user id, `lane:operator`
   * for operator re-scans, or `thread:<id>` for a scan nobody owns.
   */
  readonly topWaiting: readonly { owner: string; queued: number; running: number; oldestWaitMs: number }[];
  readonly concurrency: number;
  readonly maxQueued: number;
  readonly maxQueuedPerUser: number;
  readonly maxRunningPerUser: number;
}

/** The scan queue on one machine: fair between users, bounded, jobs run in this process. */
export interface LocalScanQueue extends ScanQueue {
  /** Resolves when no scan is queued or running. */
  idle(): Promise<void>;
  /** Scans queued or running. */
  readonly pending: number;
  stats(): ScanQueueStats;
}

/** Options of {@link createLocalScanQueue}; the bounds default to the documented values. */
export interface LocalScanQueueOptions extends Partial<FairScheduleLimits> {
  /** Scans running at once. */
  readonly concurrency: number;
  /** The scan job (`makeScanJob(…).run`). */
  readonly run: (request: ScanRequest) => Promise<void>;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Called with each job's wait in the queue (ms) when it starts, e.g. for a histogram. */
  readonly onStarted?: (waitMs: number) => void;
}

/** Default bound on scans waiting across all users. */
export const DEFAULT_MAX_QUEUED = 1000;
/** Default bound on scans waiting for one user. */
export const DEFAULT_MAX_QUEUED_PER_USER = 20;

/**
 * Creates the in-process scan queue: a {@link createFairSchedule} (deficit round robin over
 * uploaders, weighted by expanded size) in front of `concurrency` slots. A user may hold all but
 * one slot, so another user's file always finds one within a scan's time.
 */
export function createLocalScanQueue(options: LocalScanQueueOptions): LocalScanQueue {
  const concurrency = Math.max(1, options.concurrency);
  const limits: FairScheduleLimits = {
    maxQueued: options.maxQueued ?? DEFAULT_MAX_QUEUED,
    maxQueuedPerUser: options.maxQueuedPerUser ?? DEFAULT_MAX_QUEUED_PER_USER,
    maxRunningPerUser: options.maxRunningPerUser ?? Math.max(1, concurrency - 1),
    ...(options.quantum === undefined ? {} : { quantum: options.quantum }),
  };
  const schedule = createFairSchedule<ScanRequest>(limits);
  let waiters: (() => void)[] = [];
  // A smoothed scan time, for a Retry-After that tracks how fast the queue really drains.
  let averageRunMs = 1000;

  const settleIdle = (): void => {
    const { queued, running } = schedule.stats();
    if (queued > 0 || running > 0) return;
    const done = waiters;
    waiters = [];
    for (const resolve of done) resolve();
  };

  const pump = (): void => {
    while (schedule.stats().running < concurrency) {
      const job = schedule.take();
      if (job === null) break;
      const startedAt = options.clock.now();
      options.onStarted?.(startedAt - job.queuedAt);
      options
        .run(job.item)
        .catch((error: unknown) => options.logger.error({ err: error }, 'background scan failed'))
        .finally(() => {
          averageRunMs = 0.8 * averageRunMs + 0.2 * Math.max(1, options.clock.now() - startedAt);
          schedule.done(job.owner);
          pump();
        });
    }
    settleIdle();
  };

  const retryAfterMs = (waiting: number, slots: number): number =>
    Math.min(60_000, Math.max(1000, Math.ceil((waiting * averageRunMs) / Math.max(1, slots))));

  const refusal = (scope: 'user' | 'global'): Exclude<ScanAdmission, { ok: true }> =>
    scope === 'user'
      ? { ok: false, scope, retryAfterMs: retryAfterMs(limits.maxQueuedPerUser, limits.maxRunningPerUser) }
      : { ok: false, scope, retryAfterMs: retryAfterMs(schedule.stats().queued, concurrency) };

  const admission = (owner: string): ScanAdmission => {
    const verdict = schedule.admit(owner);
    return verdict.ok ? verdict : refusal(verdict.scope);
  };

  const waitedMs = (queuedAt: number | null): number =>
    queuedAt === null ? 0 : Math.max(0, options.clock.now() - queuedAt);

  /** Reservations not yet used or released, with the owner each holds a place for. */
  const held = new WeakMap<object, string>();

  return {
    admission,
    reserve(owner) {
      const admitted = schedule.reserve(owner);
      if (!admitted.ok) return refusal(admitted.scope);
      const reservation = {
        ok: true as const,
        release() {
          if (!held.has(reservation)) return;
          held.delete(reservation);
          schedule.unreserve(owner);
        },
      };
      held.set(reservation, owner);
      return reservation;
    },
    async enqueue(request, enqueueOptions: EnqueueOptions = {}) {
      const owner = request.ownerId ?? `thread:${request.threadId}`;
      const force = enqueueOptions.force ?? false;
      const reservation = enqueueOptions.reservation;
      const reserved = reservation !== undefined && held.get(reservation) === owner;
      if (reservation !== undefined) held.delete(reservation);
      if (!reserved) {
        const admitted = admission(owner);
        if (!admitted.ok && !force) throw gateErrors.scanQueueFull(admitted);
      }
      schedule.push(
        {
          owner,
          group: request.threadId,
          cost: request.cost ?? 0,
          item: request,
          queuedAt: options.clock.now(),
        },
        { force, reserved },
      );
      pump();
    },
    idle() {
      const { queued, running } = schedule.stats();
      if (queued === 0 && running === 0) return Promise.resolve();
      return new Promise((resolve) => waiters.push(resolve));
    },
    get pending() {
      const { queued, running } = schedule.stats();
      return queued + running;
    },
    stats() {
      const s = schedule.stats();
      return {
        queued: s.queued,
        running: s.running,
        reserved: s.reserved,
        users: s.users,
        oldestWaitMs: waitedMs(s.oldestQueuedAt),
        topWaiting: s.topWaiting.map((o) => ({
          owner: o.owner,
          queued: o.queued,
          running: o.running,
          oldestWaitMs: waitedMs(o.oldestQueuedAt),
        })),
        concurrency,
        maxQueued: limits.maxQueued,
        maxQueuedPerUser: limits.maxQueuedPerUser,
        maxRunningPerUser: limits.maxRunningPerUser,
      };
    },
  };
}
