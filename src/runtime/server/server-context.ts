import type { AppStore } from '../../gate/app/app-store.js';
import type { FileUploads } from '../../gate/app/file-uploads.js';
import type { OpsStatsStore } from '../../gate/app/ops-stats-store.js';
import type { VerdictReceiver } from '../../gate/app/verdict-receiver.js';
import type { ObjectStore } from '../../gate/ports.js';
import type { DeadLetterEntry } from '../../gate/stream/ports.js';
import type { EngineVersion } from '../../gate/verdict.js';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import type { EngineHealth } from '../gate/engine-health.js';
import type { EventHub } from '../gate/event-hub.js';
import type { GateMetrics } from '../gate/gate-metrics.js';
import type { ScanQueueStats } from '../gate/local-scan-queue.js';

/** Everything the HTTP routes use, built once by the gate wiring. */
export interface ServerContext {
  readonly app: AppStore;
  readonly objects: ObjectStore;
  readonly uploads: FileUploads;
  readonly receiver: VerdictReceiver;
  readonly events: EventHub;
  readonly metrics: GateMetrics;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Demo mode: `/demo/*` sign-ins, and any demo user may see `/api/ops/*`. */
  readonly demo: boolean;
  readonly release: 'stream' | 'poll';
  /**
   * The upload limit, told to the page by `/api/me` so it can refuse a too-large file before
   * sending it; absent (reported as null) when the wiring does not pass it.
   */
  readonly maxUploadBytes?: number;
  /** The built page (`web/dist`). */
  readonly webRoot: string;
  readonly demoTokens: { candidate: string; company: string; operator: string } | null;
  readonly deadLetters: {
    list(): Promise<readonly DeadLetterEntry[]>;
    replay(id: string): Promise<void>;
  };
  engineVersions(): readonly EngineVersion[];
  /** Whether the engines outside the process (clamd) answer: `/healthz` and the ops page. */
  readonly engineHealth: EngineHealth;
  /** The ops page's figures, read from the databases so that a restart does not reset them. */
  readonly opsStats: OpsStatsStore;
  /** The scan queue's counts and bounds, for `/api/ops/summary`; absent when scans run elsewhere. */
  scanQueue?(): ScanQueueStats;
  /** Live-event streams one user may hold open at once; default 8. */
  readonly maxStreamsPerUser?: number;
}
