/** The bounds of a {@link FairSchedule}; every one is a count of jobs, never unlimited. */
export interface FairScheduleLimits {
  /** Jobs waiting across all users; past it every user is refused (503). */
  readonly maxQueued: number;
  /** Jobs waiting for one user; past it that user is refused (429) while others still get in. */
  readonly maxQueuedPerUser: number;
  /**
   * Jobs of one user running at once. Below the runner's concurrency, it keeps a slot free for
   * everybody else, so a cheap file never waits for someone else's expensive one to finish.
   */
  readonly maxRunningPerUser: number;
  /** Cost units a user earns per round of the deficit round robin; default 1 MiB of expanded bytes. */
  readonly quantum?: number;
}

/** Whether a job of `owner` may be queued now, and if not, whose limit it hit. */
export type Admission = { readonly ok: true } | { readonly ok: false; readonly scope: 'user' | 'global' };

/** One waiting job. */
export interface Queued<T> {
  readonly owner: string;
  readonly group: string;
  readonly cost: number;
  readonly item: T;
  /** Epoch ms when it was queued, for the wait-time figure. */
  readonly queuedAt: number;
}

/**
 * The owner of operator re-scans: a lane of its own in the schedule, so that a bulk re-scan takes
 * its own turns and its own bound, never the uploader's (who must not be slowed down or told 429
 * for the operator's work). No user id has this form (they are generated `u_…` ids).
 */
export const OPERATOR_LANE = 'lane:operator';

/** What one owner has in a {@link FairSchedule}, for the operations page. */
export interface OwnerLoad {
  readonly owner: string;
  readonly queued: number;
  readonly running: number;
  /** Epoch ms of the owner's oldest waiting job, or null when none waits. */
  readonly oldestQueuedAt: number | null;
}

/** How many owners {@link FairScheduleStats.topWaiting} lists at most. */
export const TOP_WAITING = 5;

/** Counts of a {@link FairSchedule}. */
export interface FairScheduleStats {
  readonly queued: number;
  readonly running: number;
  /** Places held for uploads whose body is still arriving. */
  readonly reserved: number;
  /** Users with jobs waiting. */
  readonly users: number;
  /** Epoch ms of the oldest waiting job, or null when none waits. */
  readonly oldestQueuedAt: number | null;
  /** The owners with the most jobs waiting (at most {@link TOP_WAITING}), most first. */
  readonly topWaiting: readonly OwnerLoad[];
}

/**
 * A fair, bounded order for scan jobs: deficit round robin (Shreedhar & Varghese, 1995) over
 * users, weighted by each job's cost (what the file expands to, not its size on the wire), and
 * round robin over each user's groups (threads). A user flooding the gate with expensive files
 * gets one share of the scan slots like anybody else, and the queue refuses them once their own
 * bound is reached. Pure bookkeeping: the caller runs the jobs and reports when one ends.
 */
export interface FairSchedule<T> {
  admit(owner: string): Admission;
  /**
   * Holds a place for a job of `owner` that is not ready yet (an upload whose body is arriving),
   * counted against the bounds like a queued job; `push(…, { reserved: true })` uses it and
   * `unreserve` gives it back. So concurrent uploads cannot all pass the check and overshoot.
   */
  reserve(owner: string): Admission;
  unreserve(owner: string): void;
  /**
   * Queues a job; `force` skips the bounds (recovery after a restart must never drop a file),
   * `reserved` uses a place held by {@link reserve}.
   */
  push(
    job: Omit<Queued<T>, 'cost'> & { cost: number },
    options?: { force?: boolean; reserved?: boolean },
  ): Admission;
  /** The next job to run (counted as running for its owner), or null when none may run now. */
  take(): Queued<T> | null;
  /** Marks a job of `owner` taken by {@link take} as finished. */
  done(owner: string): void;
  stats(): FairScheduleStats;
}

interface Lane<T> {
  /** Groups in round-robin order, each with its jobs in arrival order. */
  readonly groups: Map<string, Queued<T>[]>;
  deficit: number;
  queued: number;
  running: number;
  reserved: number;
}

/** Creates an empty schedule. */
export function createFairSchedule<T>(limits: FairScheduleLimits): FairSchedule<T> {
  const quantum = Math.max(1, limits.quantum ?? 1024 * 1024);
  const lanes = new Map<string, Lane<T>>();
  /** Users with waiting jobs, in round-robin order. */
  let active: string[] = [];
  let queued = 0;
  let running = 0;
  let reserved = 0;

  const lane = (owner: string): Lane<T> => {
    let found = lanes.get(owner);
    if (found === undefined) {
      found = { groups: new Map(), deficit: 0, queued: 0, running: 0, reserved: 0 };
      lanes.set(owner, found);
    }
    return found;
  };
  const forget = (owner: string, l: Lane<T>): void => {
    if (l.queued === 0 && l.running === 0 && l.reserved === 0) lanes.delete(owner);
  };

  const admit = (owner: string): Admission => {
    if (queued + reserved >= limits.maxQueued) return { ok: false, scope: 'global' };
    const l = lanes.get(owner);
    if ((l?.queued ?? 0) + (l?.reserved ?? 0) >= limits.maxQueuedPerUser) return { ok: false, scope: 'user' };
    return { ok: true };
  };

  const head = (l: Lane<T>): Queued<T> | undefined => l.groups.values().next().value?.[0];

  const pop = (owner: string, l: Lane<T>): Queued<T> => {
    const [group, jobs] = l.groups.entries().next().value as [string, Queued<T>[]];
    const job = jobs.shift() as Queued<T>;
    // The group goes to the back, so the user's other threads take turns with this one.
    l.groups.delete(group);
    if (jobs.length > 0) l.groups.set(group, jobs);
    l.queued--;
    l.running++;
    queued--;
    running++;
    l.deficit -= job.cost;
    if (l.queued === 0) {
      // DRR: an idle user keeps no credit, so it cannot save up a burst.
      l.deficit = 0;
      active = active.filter((o) => o !== owner);
    }
    return job;
  };

  const unreserve = (owner: string): void => {
    const l = lanes.get(owner);
    if (l === undefined || l.reserved === 0) return;
    l.reserved--;
    reserved--;
    forget(owner, l);
  };

  return {
    admit,
    reserve(owner) {
      const admission = admit(owner);
      if (!admission.ok) return admission;
      lane(owner).reserved++;
      reserved++;
      return admission;
    },
    unreserve,
    push(job, options = {}) {
      if (options.reserved) unreserve(job.owner);
      const admission = admit(job.owner);
      if (!admission.ok && !options.force && !options.reserved) return admission;
      const l = lane(job.owner);
      const jobs = l.groups.get(job.group) ?? [];
      jobs.push({ ...job, cost: Math.max(0, job.cost) });
      l.groups.set(job.group, jobs);
      if (l.queued === 0) active.push(job.owner);
      l.queued++;
      queued++;
      return { ok: true };
    },
    take() {
      const eligible = (owner: string): boolean =>
        (lanes.get(owner)?.running ?? 0) < limits.maxRunningPerUser;
      if (!active.some(eligible)) return null;
      // Each pass gives every eligible user at the front a quantum; the loop ends because each
      // pass raises some deficit by a quantum until the cheapest head job fits. Passes needed are
      // computed at once rather than looped one quantum at a time (costs can be 100 MiB).
      for (;;) {
        let fewestRounds = Number.POSITIVE_INFINITY;
        for (const owner of active) {
          if (!eligible(owner)) continue;
          const l = lanes.get(owner) as Lane<T>;
          const job = head(l) as Queued<T>;
          if (job.cost <= l.deficit) {
            active = [...active.filter((o) => o !== owner), owner];
            return pop(owner, l);
          }
          fewestRounds = Math.min(fewestRounds, Math.ceil((job.cost - l.deficit) / quantum));
        }
        for (const owner of active)
          if (eligible(owner)) (lanes.get(owner) as Lane<T>).deficit += fewestRounds * quantum;
      }
    },
    done(owner) {
      const l = lanes.get(owner);
      if (l === undefined || l.running === 0) return;
      l.running--;
      running--;
      forget(owner, l);
    },
    stats() {
      let oldest: number | null = null;
      const owners: OwnerLoad[] = [];
      for (const [owner, l] of lanes) {
        let ownOldest: number | null = null;
        // A group's jobs are in arrival order: its first is its oldest.
        for (const jobs of l.groups.values())
          if (jobs[0] !== undefined && (ownOldest === null || jobs[0].queuedAt < ownOldest))
            ownOldest = jobs[0].queuedAt;
        if (ownOldest !== null && (oldest === null || ownOldest < oldest)) oldest = ownOldest;
        if (l.queued > 0)
          owners.push({ owner, queued: l.queued, running: l.running, oldestQueuedAt: ownOldest });
      }
      owners.sort((a, b) => b.queued - a.queued || (a.oldestQueuedAt ?? 0) - (b.oldestQueuedAt ?? 0));
      return {
        queued,
        running,
        reserved,
        users: active.length,
        oldestQueuedAt: oldest,
        topWaiting: owners.slice(0, TOP_WAITING),
      };
    },
  };
}
