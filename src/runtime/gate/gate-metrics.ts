// prom-client: the Prometheus client for Node; its own Registry (not the global one) so that
// several servers in one process (the tests) never share counters.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { VerdictKind } from '../../gate/verdict.js';

const LATENCY_BUCKETS = [0.005, 0.01, 0.02, 0.05, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/**
 * The gate's Prometheus metrics, plus what `/api/ops/summary` reads from memory: the scan-queue
 * waits and the stream lag (its other figures come from the databases, through the ops-stats store).
 */
export interface GateMetrics {
  readonly registry: Registry;
  uploaded(): void;
  scanned(engine: string, seconds: number): void;
  verdictWritten(kind: VerdictKind, uploadToVerdictSeconds: number | null): void;
  /** `uploadToPublishedSeconds` is null for a re-scan's publication. */
  published(verdictToPublishedSeconds: number, uploadToPublishedSeconds: number | null): void;
  /** Records the age of a verdict record when the release delivered it. */
  streamLag(seconds: number): void;
  /** Reads the current stream lag (ms) at scrape time, e.g. the dispatcher's oldest unprocessed record. */
  setStreamLagSource(lagMs: () => number): void;
  /** Called at scrape time for the dead-letter gauge. */
  setDeadLetterSource(count: () => number | Promise<number>): void;
  /** Records how long a scan waited in the queue before a slot took it. */
  scanWaited(ms: number): void;
  /** Read at scrape time for the scan-queue gauges. */
  setScanQueueSource(stats: () => { queued: number; running: number; oldestWaitMs: number }): void;
  /** For `/api/ops/summary`: the scan-queue waits of the last hour and the current stream lag. */
  recent(now: number): {
    streamLagMs: number;
    scanWaitMs: { t: number; ms: number }[];
  };
}

const HOUR = 60 * 60 * 1000;
const MAX_WAIT_SAMPLES = 10_000;

/** Creates the metrics on a fresh Registry, with Node's default process metrics. */
export function createGateMetrics(clock: { now(): number }): GateMetrics {
  const registry = new Registry();
  // The event-loop delay monitor samples on a timer; 100 ms (not 10) keeps an idle server idle.
  collectDefaultMetrics({ register: registry, prefix: 'sekisho_', eventLoopMonitoringPrecision: 100 });
  const histogram = (name: string, help: string) =>
    new Histogram({ name, help, buckets: LATENCY_BUCKETS, registers: [registry] });
  const uploadToVerdict = histogram(
    'sekisho_upload_to_verdict_seconds',
    'Upload received to verdict written.',
  );
  const verdictToPublished = histogram(
    'sekisho_verdict_to_published_seconds',
    'Verdict written to the web app publishing the file.',
  );
  const uploadToPublished = histogram(
    'sekisho_upload_to_published_seconds',
    'Upload received to the file published.',
  );
  const scanDuration = new Histogram({
    name: 'sekisho_scan_duration_seconds',
    help: 'Time one engine took to scan one file.',
    labelNames: ['engine'],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  let lagSource: (() => number) | null = null;
  let lastLagMs = 0;
  const currentLagMs = (): number => (lagSource === null ? lastLagMs : lagSource());
  new Gauge({
    name: 'sekisho_stream_lag_seconds',
    help: 'Age of the oldest verdict record not yet released (0 when caught up).',
    registers: [registry],
    collect() {
      this.set(currentLagMs() / 1000);
    },
  });
  let deadLetterCount: () => number | Promise<number> = () => 0;
  new Gauge({
    name: 'sekisho_dead_letters',
    help: 'Stream batches in the dead-letter table, waiting for a replay.',
    registers: [registry],
    async collect() {
      this.set(await deadLetterCount());
    },
  });
  const uploads = new Counter({
    name: 'sekisho_uploads_total',
    help: 'Files uploaded.',
    registers: [registry],
  });
  const verdicts = new Counter({
    name: 'sekisho_verdicts_total',
    help: 'Verdicts written, by kind.',
    labelNames: ['kind'],
    registers: [registry],
  });

  const scanWait = histogram(
    'sekisho_scan_queue_wait_seconds',
    'Time a scan waited in the fair queue before a scan slot took it.',
  );
  let queueSource: () => { queued: number; running: number; oldestWaitMs: number } = () => ({
    queued: 0,
    running: 0,
    oldestWaitMs: 0,
  });
  new Gauge({
    name: 'sekisho_scan_queue_depth',
    help: 'Scans waiting in the queue (all users).',
    registers: [registry],
    collect() {
      this.set(queueSource().queued);
    },
  });
  new Gauge({
    name: 'sekisho_scan_queue_running',
    help: 'Scans running now.',
    registers: [registry],
    collect() {
      this.set(queueSource().running);
    },
  });
  new Gauge({
    name: 'sekisho_scan_queue_oldest_wait_seconds',
    help: 'How long the oldest waiting scan has waited (0 when none waits).',
    registers: [registry],
    collect() {
      this.set(queueSource().oldestWaitMs / 1000);
    },
  });

  let waitSamples: { t: number; ms: number }[] = [];
  const trim = () => {
    const since = clock.now() - HOUR;
    if (waitSamples.length > 0 && (waitSamples[0]?.t ?? 0) < since)
      waitSamples = waitSamples.filter((s) => s.t >= since);
    // Bounded even under a flood: the newest samples are what the page's percentiles need.
    if (waitSamples.length > MAX_WAIT_SAMPLES) waitSamples = waitSamples.slice(-MAX_WAIT_SAMPLES);
  };

  return {
    registry,
    uploaded: () => uploads.inc(),
    scanned: (engine, seconds) => scanDuration.observe({ engine }, seconds),
    verdictWritten(kind, seconds) {
      verdicts.inc({ kind });
      if (seconds !== null) uploadToVerdict.observe(seconds);
    },
    published(v2p, u2p) {
      verdictToPublished.observe(v2p);
      if (u2p !== null) uploadToPublished.observe(u2p);
    },
    streamLag(seconds) {
      lastLagMs = seconds * 1000;
    },
    setStreamLagSource(source) {
      lagSource = source;
    },
    setDeadLetterSource(count) {
      deadLetterCount = count;
    },
    scanWaited(ms) {
      scanWait.observe(ms / 1000);
      waitSamples.push({ t: clock.now(), ms });
      trim();
    },
    setScanQueueSource(source) {
      queueSource = source;
    },
    recent(now) {
      trim();
      const since = now - HOUR;
      return {
        streamLagMs: currentLagMs(),
        scanWaitMs: waitSamples.filter((s) => s.t >= since),
      };
    },
  };
}
