import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';

/** A check of one scanner engine that lives outside the process (clamd). */
export interface EngineProbe {
  readonly engine: string;
  /** Where the engine is, for messages (`tcp://127.0.0.1:3310`). */
  readonly where: string;
  /** Resolves with the engine's version when it answers; rejects saying why it did not. */
  check(): Promise<string>;
}

/** What the last check of an engine found. */
export interface EngineStatus {
  readonly engine: string;
  readonly where: string;
  readonly up: boolean;
  /** The version it reported, when up. */
  readonly version: string | null;
  /** Why it is down, in words an operator can act on; null when up. */
  readonly problem: string | null;
  readonly checkedAt: number;
}

/** The engines' health: checked at start-up, and again when someone asks, at most every `maxAgeMs`. */
export interface EngineHealth {
  /** Checks every engine (or returns the last result when it is younger than `maxAgeMs`). */
  check(): Promise<readonly EngineStatus[]>;
  /** The last result without checking; empty before the first check. */
  last(): readonly EngineStatus[];
}

/** Options of {@link createEngineHealth}. */
export interface EngineHealthOptions {
  readonly probes: readonly EngineProbe[];
  readonly clock: Clock;
  readonly logger: Logger;
  /** How long a result is reused; default 5000 ms. */
  readonly maxAgeMs?: number;
}

/**
 * Tracks whether the external engines answer. Nothing runs on a timer: a check happens at start-up
 * and when `/healthz` or the ops page asks, so an idle server stays idle. A change (down, or back
 * up) is logged once, as a warning with what to do, or as info.
 */
export function createEngineHealth(options: EngineHealthOptions): EngineHealth {
  const maxAgeMs = options.maxAgeMs ?? 5000;
  let statuses: EngineStatus[] = [];
  let checkedAt = Number.NEGATIVE_INFINITY;
  let running: Promise<EngineStatus[]> | null = null;

  const probe = async (p: EngineProbe): Promise<EngineStatus> => {
    const base = { engine: p.engine, where: p.where, checkedAt: options.clock.now() };
    try {
      return { ...base, up: true, version: await p.check(), problem: null };
    } catch (error) {
      return { ...base, up: false, version: null, problem: (error as Error).message };
    }
  };

  const report = (next: readonly EngineStatus[]) => {
    for (const status of next) {
      const before = statuses.find((s) => s.engine === status.engine);
      if (status.up && before !== undefined && !before.up)
        options.logger.info({ engine: status.engine, where: status.where }, 'scanner engine answers again');
      if (!status.up && (before === undefined || before.up))
        options.logger.warn(
          { engine: status.engine, where: status.where, problem: status.problem },
          `scanner engine ${status.engine} at ${status.where} is down: ${status.problem} Every upload fails closed (not shared) until it answers; start it or fix --clamd.`,
        );
    }
  };

  return {
    check() {
      if (options.clock.now() - checkedAt < maxAgeMs) return Promise.resolve(statuses);
      running ??= Promise.all(options.probes.map(probe)).then((next) => {
        report(next);
        statuses = next;
        checkedAt = options.clock.now();
        running = null;
        return next;
      });
      return running;
    },
    last: () => statuses,
  };
}
