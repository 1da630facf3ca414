import { mkdir, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFsObjectStore } from '../../adapters/fs/object-store.js';
import { openAppStore } from '../../adapters/sqlite/app-store.js';
import { openGateDatabase } from '../../adapters/sqlite/open-gate-database.js';
import { openOpsStatsStore } from '../../adapters/sqlite/ops-stats-store.js';
import {
  createWorkerPoolScanner,
  type WorkerPoolScanner,
} from '../../adapters/worker-scanner/worker-pool-scanner.js';
import type { AppStore } from '../../gate/app/app-store.js';
import { createFileUploads, type FileUploads } from '../../gate/app/file-uploads.js';
import { createReceiptPruner } from '../../gate/app/receipt-pruner.js';
import type { ThreadEvents } from '../../gate/app/thread-events.js';
import { createUploadThrottle, type UploadThrottleLimits } from '../../gate/app/upload-throttle.js';
import { createVerdictReceiver, type VerdictReceiver } from '../../gate/app/verdict-receiver.js';
import type { ObjectStore, Scanner, VerdictPollSource, VerdictStore } from '../../gate/ports.js';
import type { ReleaseHandler } from '../../gate/release/make-release-handler.js';
import type { VerdictPoller } from '../../gate/release/verdict-poller.js';
import { createBuiltinScanner } from '../../gate/scan/builtin/builtin-scanner.js';
import type { FairScheduleLimits } from '../../gate/scan/fair-schedule.js';
import { makeScanJob } from '../../gate/scan/scan-job.js';
import type { ScanPolicy } from '../../gate/scan/scan-policy.js';
import type { StreamDispatcher } from '../../gate/stream/dispatcher.js';
import type { DispatcherConfig } from '../../gate/stream/dispatcher-config.js';
import type { DeadLetterStore } from '../../gate/stream/ports.js';
import { realSleep } from '../../gate/stream/real-sleep.js';
import type { EngineVersion } from '../../gate/verdict.js';
import { type Clock, systemClock } from '../../shared/clock.js';
import { SekishoError } from '../../shared/errors.js';
import { type Logger, silentLogger } from '../../shared/logger.js';
import { createHttpServer } from '../server/create-http-server.js';
import type { ServerContext } from '../server/server-context.js';
import { createDefaultEngines } from './default-engines.js';
import { type DemoInfo, seedDemo, writeDemoInfo } from './demo-seed.js';
import { createEngineHealth } from './engine-health.js';
import { createEngineProbes } from './engine-probes.js';
import { createEventHub } from './event-hub.js';
import { createGateMetrics } from './gate-metrics.js';
import { createLocalScanQueue, type LocalScanQueue } from './local-scan-queue.js';
import { type StartedRelease, startRelease, withTimeout } from './start-release.js';
import { createTeardown } from './teardown.js';
import { timedEngines } from './timed-engines.js';
import { loadWebhookSecrets } from './webhook-secrets.js';

/** How to run `sekisho serve`; every field but `dataDir` has a default. */
export interface GateOptions {
  readonly dataDir: string;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 3000; 0 picks a free port. */
  readonly port?: number;
  readonly demo?: boolean;
  /** `tcp://HOST:PORT` or `unix:PATH`; adds the ClamAV engine. */
  readonly clamd?: string;
  /**
   * How long one clamd exchange may take before the scan attempt ends `error` (default 30 000 ms);
   * the health probe waits at most the smaller of this and 3 s.
   */
  readonly clamdTimeoutMs?: number;
  /** Default `stream`. */
  readonly release?: 'stream' | 'poll';
  /** Default 60 000 ms (the old batch's period). */
  readonly pollIntervalMs?: number;
  /** Default 25 MiB. */
  readonly maxUploadBytes?: number;
  /** Default `web/dist` under the working directory. */
  readonly webRoot?: string;
  readonly logger?: Logger;
  readonly clock?: Clock;
  readonly env?: NodeJS.ProcessEnv;
  /** Replaces the default engines (tests). */
  readonly engines?: readonly Scanner[];
  /** Dispatcher settings over the server defaults (5 retries, then the dead letters). */
  readonly dispatcher?: Partial<DispatcherConfig>;
  /** Where the release function posts verdicts; default this server's own `/api/webhooks/verdicts`. */
  readonly webhookUrl?: string;
  readonly scanConcurrency?: number;
  /**
   * Worker threads of the built-in engine; default `max(2, os.availableParallelism() - 1)`.
   * 0 runs it on the event loop (the old behaviour: a 25 MB file stalls every request while it is scanned).
   */
  readonly scanWorkers?: number;
  /** Which types the built-in engine accepts; default its default policy (docs/scanning.md). */
  readonly policy?: ScanPolicy;
  /** How long webhook receipts (replay protection) are kept; default 7 days, pruned at most once an hour. */
  readonly receiptRetentionMs?: number;
  /** How long shutdown waits for the stream to drain before it stops the dispatcher; default 5000 ms. */
  readonly drainTimeoutMs?: number;
  /** Bounds of the fair scan queue over the defaults (1000 queued, 20 per user, all slots but one per user). */
  readonly scanQueue?: Partial<FairScheduleLimits>;
  /** Per-user upload rate and in-flight limits over the defaults (10 burst, 30/min, 4 in flight); null: none. */
  readonly uploadLimits?: UploadThrottleLimits | null;
}

/** A running gate: the server, its use cases and the ports behind them. */
export interface RunningGate {
  readonly url: string;
  /** What the HTTP routes are built from (a second server over the same gate takes it). */
  readonly ctx: ServerContext;
  /** The web app's store. */
  readonly app: AppStore;
  /** Quarantine. */
  readonly objects: ObjectStore;
  /** The verdict table. */
  readonly verdicts: VerdictStore;
  /** What `--release poll` reads (the same table here). */
  readonly pollSource: VerdictPollSource;
  readonly deadLetters: DeadLetterStore;
  readonly events: ThreadEvents;
  readonly uploads: FileUploads;
  /** The scans queued or running in this process. */
  readonly scans: LocalScanQueue;
  readonly receiver: VerdictReceiver;
  readonly dispatcher: StreamDispatcher | null;
  readonly poller: VerdictPoller | null;
  readonly release: ReleaseHandler | null;
  readonly demo: DemoInfo | null;
  readonly secrets: readonly string[];
  /** Swaps the engines used by later scans and re-scans (e.g. updated signatures). */
  setEngines(engines: readonly Scanner[]): void;
  /** Graceful shutdown: finish scans, drain the stream, close the server and the databases. */
  close(): Promise<void>;
}

/**
 * One worker per core but one (the event loop's), and never fewer than two: with one worker, a
 * user's expensive scan holds the only slot and everybody else's file waits for it to end.
 */
export function defaultScanWorkers(): number {
  return Math.max(2, availableParallelism() - 1);
}

export const DEFAULT_MAX_UPLOAD_BYTES = 25 * 1024 * 1024;

/** `web/dist` of the sekisho package: three levels up from src/runtime/gate or dist/runtime/gate. */
const PACKAGED_WEB_ROOT = new URL('../../../web/dist', import.meta.url);
export const DEFAULT_POLL_INTERVAL_MS = 60_000;
/** The app database's watermark of `--release poll`: the last applied verdict's `writtenAt`. */
const POLL_WATERMARK = 'verdict-poll';

/** `http://host:port` of a listening server (IPv6 in brackets). */
function listeningUrl(server: { address(): AddressInfo | string | null }): string {
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

/**
 * Builds the gate from its options and starts serving; the one place that wires ports to
 * adapters. Each resource registers its teardown where it is opened, so a start that fails
 * half-way and `close` release the same things in reverse order.
 */
export async function startGate(options: GateOptions): Promise<RunningGate> {
  const dataDir = resolve(options.dataDir);
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const releaseMode = options.release ?? 'stream';
  const maxUploadBytes = options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  const teardown = createTeardown();
  try {
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    const secrets = await loadWebhookSecrets(dataDir, options.env ?? process.env);
    const app = openAppStore(join(dataDir, 'app.sqlite'), clock);
    teardown.add(() => app.close());
    const db = openGateDatabase(join(dataDir, 'gate.sqlite'), { clock });
    teardown.add(() => db.close());
    const opsStats = openOpsStatsStore({
      app: join(dataDir, 'app.sqlite'),
      gate: join(dataDir, 'gate.sqlite'),
    });
    teardown.add(() => opsStats.close());
    const objects = await createFsObjectStore(join(dataDir, 'objects'));
    const metrics = createGateMetrics(clock);
    const events = createEventHub();

    const pool: WorkerPoolScanner | null =
      options.engines === undefined && options.scanWorkers !== 0
        ? createWorkerPoolScanner({
            size: options.scanWorkers ?? defaultScanWorkers(),
            ...(options.policy === undefined ? {} : { policy: options.policy }),
          })
        : null;
    if (pool !== null) teardown.add(() => pool.close());
    let engines = timedEngines(
      options.engines ??
        createDefaultEngines(
          options.clamd,
          pool ?? createBuiltinScanner(options.policy === undefined ? {} : { policy: options.policy }),
          options.clamdTimeoutMs,
        ),
      metrics,
      clock,
    );
    // The versions of the newest stored verdict until a scan reports its own (a restart forgets none).
    const stored = opsStats.lastEngineVersions();
    let engineVersions: EngineVersion[] = engines.map((e) => ({
      engine: e.name,
      version: stored.find((s) => s.engine === e.name)?.version ?? 'not yet used',
    }));
    // A clamd that does not answer does not stop the start (it may still be loading its database):
    // the gate starts with the engine marked down, in the log, `/healthz` and the ops page.
    const engineHealth = createEngineHealth({
      probes:
        options.engines === undefined
          ? createEngineProbes(
              options.clamd,
              options.clamdTimeoutMs === undefined ? undefined : Math.min(3000, options.clamdTimeoutMs),
            )
          : [],
      clock,
      logger: logger.child({ part: 'engines' }),
    });
    await engineHealth.check();
    // Set at shutdown: no scan starts, and an `error` a shutdown caused is not written.
    const stopping = new AbortController();
    const scanJob = makeScanJob({
      objects,
      verdicts: db.verdicts,
      engines: () => engines,
      clock,
      sleep: realSleep,
      logger: logger.child({ part: 'gate' }),
      stopping: () => stopping.signal.aborted,
      onWritten: (item, written) => {
        engineVersions = [...item.verdict.engines];
        // Upload→verdict is the first scan's latency; a re-scan days later would only skew it.
        if (written)
          metrics.verdictWritten(
            item.verdict.kind,
            item.version === 1 ? (item.writtenAt - item.uploadedAt) / 1000 : null,
          );
      },
    });
    // With the worker pool, one slot per worker: more would only queue inside the pool in arrival
    // order, where the fair queue's order is lost.
    const scans = createLocalScanQueue({
      concurrency: options.scanConcurrency ?? pool?.stats().size ?? 4,
      run: scanJob.run,
      clock,
      logger,
      onStarted: (waitMs) => metrics.scanWaited(waitMs),
      ...options.scanQueue,
    });
    metrics.setScanQueueSource(() => scans.stats());
    const uploads = createFileUploads({
      app,
      objects,
      verdicts: db.verdicts,
      scans,
      metrics,
      clock,
      logger: logger.child({ part: 'gate' }),
      maxUploadBytes,
      ...(options.uploadLimits === null
        ? {}
        : { throttle: createUploadThrottle(clock, options.uploadLimits) }),
    });
    const receipts = createReceiptPruner({
      app,
      clock,
      logger: logger.child({ part: 'webapp' }),
      ...(options.receiptRetentionMs === undefined ? {} : { retentionMs: options.receiptRetentionMs }),
    });
    receipts.maybePrune();
    const receiver = createVerdictReceiver({
      receipts,
      app,
      objects,
      verdicts: db.verdicts,
      events,
      metrics,
      clock,
      logger: logger.child({ part: 'webapp' }),
      secrets: () => secrets,
    });

    const demoSeed = options.demo ? await seedDemo(app, dataDir) : null;
    let release: StartedRelease | null = null;
    const ctx: ServerContext = {
      app,
      objects,
      uploads,
      receiver,
      events,
      metrics,
      clock,
      logger: logger.child({ part: 'http' }),
      demo: options.demo ?? false,
      release: releaseMode,
      maxUploadBytes,
      // The page ships inside the package: find it from this module (src/ or dist/ alike), not the cwd.
      webRoot: options.webRoot === undefined ? fileURLToPath(PACKAGED_WEB_ROOT) : resolve(options.webRoot),
      demoTokens:
        demoSeed === null
          ? null
          : {
              candidate: demoSeed.candidateToken,
              company: demoSeed.companyToken,
              operator: demoSeed.operatorToken,
            },
      deadLetters: {
        list: () => db.deadLetters.list(),
        replay: async (id) => {
          if (release === null)
            throw new SekishoError('STARTING', 'The server is starting; try again.', { status: 503 });
          await release.replay(id);
        },
      },
      engineVersions: () => engineVersions,
      engineHealth,
      opsStats,
      scanQueue: () => scans.stats(),
    };

    const server = createHttpServer(ctx);
    // A busy port or a wrong host rejects here; the teardown then releases what was opened so
    // the caller can exit or try again.
    await new Promise<void>((resolveListen, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 3000, options.host ?? '127.0.0.1', () => {
        // demo.json is complete before the first request is served: a script that follows the
        // README and reads it once /healthz answers never sees it missing or half-written.
        if (demoSeed !== null) writeDemoInfo(dataDir, { ...demoSeed, baseUrl: listeningUrl(server) });
        resolveListen();
      });
    });
    teardown.add(
      () =>
        // Nothing is left to drain: idle keep-alive sockets and open SSE streams are closed now
        // rather than when their clients or timeouts end them.
        new Promise<void>((done) => {
          server.close(() => done());
          server.closeIdleConnections();
          server.closeAllConnections();
        }),
    );
    const url = listeningUrl(server);

    const started = startRelease({
      mode: releaseMode,
      stream: db.verdicts,
      checkpoints: db.checkpoints,
      deadLetters: db.deadLetters,
      pollSource: db.verdicts,
      receiver,
      metrics,
      clock,
      logger,
      webhookUrl: options.webhookUrl ?? `${url}/api/webhooks/verdicts`,
      secrets,
      pollIntervalMs: options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS,
      pollWatermark: {
        load: () => app.watermark(POLL_WATERMARK) ?? 0,
        save: (writtenAt) => app.setWatermark(POLL_WATERMARK, writtenAt),
      },
      ...(options.dispatcher === undefined ? {} : { dispatcher: options.dispatcher }),
    });
    release = started;
    teardown.add(() => started.stop(options.drainTimeoutMs ?? 5_000));
    // The scans stop first (registered last): a verdict they still write is drained by the release.
    teardown.add(async () => {
      stopping.abort();
      await withTimeout(scans.idle(), 10_000);
    });
    metrics.setDeadLetterSource(() => db.deadLetters.count());
    await uploads.recover(receiver.apply);

    const demo: DemoInfo | null = demoSeed === null ? null : { ...demoSeed, baseUrl: url };
    await writeFile(
      join(dataDir, 'server.json'),
      `${JSON.stringify({ baseUrl: url, pid: process.pid, release: releaseMode })}\n`,
    );
    logger.info(
      {
        url,
        release: releaseMode,
        dataDir,
        engines: engines.map((e) => e.name),
        scanWorkers: pool?.stats().size ?? 0,
      },
      'sekisho serve is listening',
    );

    let closing: Promise<void> | null = null;
    return {
      url,
      ctx,
      app,
      objects,
      verdicts: db.verdicts,
      pollSource: db.verdicts,
      deadLetters: db.deadLetters,
      events,
      uploads,
      scans,
      receiver,
      dispatcher: started.dispatcher,
      poller: started.poller,
      release: started.handler,
      demo,
      secrets,
      setEngines(next) {
        engines = timedEngines(next, metrics, clock);
      },
      close() {
        closing ??= teardown.run().then(() => logger.info({ url }, 'sekisho serve stopped'));
        return closing;
      },
    };
  } catch (error) {
    await teardown.run();
    throw error;
  }
}
