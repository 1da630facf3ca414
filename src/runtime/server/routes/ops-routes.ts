import { OPERATOR_LANE } from '../../../gate/scan/fair-schedule.js';
import type { EngineVersion } from '../../../gate/verdict.js';
import type { EngineStatus } from '../../gate/engine-health.js';
import { sendJson } from '../respond.js';
import type { Router } from '../router.js';
import type { ServerContext } from '../server-context.js';

const HOUR = 60 * 60_000;
const BUCKETS_MS = [5, 10, 20, 50, 100, 150, 250, 500, 1000, 2500, 5000, 10_000, 30_000, 60_000, 120_000];

/**
 * An engine as the ops page lists it: its version, and whether it answers (an engine without a
 * probe runs in-process and is up while the server is). A probed engine that answers reports its
 * version now (clamd's includes the signature database), fresher than the last scan's.
 */
function withHealth(engine: EngineVersion, health: readonly EngineStatus[]) {
  const status = health.find((s) => s.engine === engine.engine);
  if (status === undefined) return { ...engine, up: true, problem: null };
  return {
    engine: engine.engine,
    version: status.version ?? engine.version,
    up: status.up,
    problem: status.problem,
  };
}

function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? null;
}

/**
 * The stream lag, or null while there is nothing to measure: no verdict in the last hour and none
 * waiting, where a 0 would read as "caught up in no time".
 */
function streamLagMs(lagMs: number, verdictsInWindow: number): number | null {
  return lagMs > 0 || verdictsInWindow > 0 ? lagMs : null;
}

/**
 * The scan queue as the ops page shows it; each of the owners waiting most says what it is: a
 * user (by id), the operators' re-scans, or a thread (a scan nobody owns).
 */
function scanQueueSummary(ctx: ServerContext, sortedWaits: readonly number[]) {
  if (ctx.scanQueue === undefined) return null;
  const stats = ctx.scanQueue();
  return {
    ...stats,
    topWaiting: stats.topWaiting.map((o) => ({
      ...o,
      kind: o.owner === OPERATOR_LANE ? 'operator' : o.owner.startsWith('thread:') ? 'thread' : 'user',
    })),
    waitMs: { p50: percentile(sortedWaits, 50), p99: percentile(sortedWaits, 99) },
  };
}

/** `/api/ops/summary`, dead-letter replay, `/metrics` and `/healthz`. */
export function opsRoutes(router: Router, ctx: ServerContext): void {
  // `{"ok":true}` while every engine answers; 503 naming the engine that does not, since every
  // upload then fails closed and a supervisor or load balancer should know.
  router.on('GET', '/healthz', 'public', async ({ res }) => {
    const down = (await ctx.engineHealth.check()).filter((e) => !e.up);
    if (down.length === 0) return sendJson(res, 200, { ok: true });
    sendJson(res, 503, {
      ok: false,
      engines: down.map((e) => ({ engine: e.engine, where: e.where, up: false, problem: e.problem })),
    });
  });

  router.on('GET', '/metrics', 'public', async ({ res }) => {
    const text = await ctx.metrics.registry.metrics();
    res.writeHead(200, { 'content-type': ctx.metrics.registry.contentType });
    res.end(text);
  });

  router.on('GET', '/api/ops/summary', 'operator', async ({ res }) => {
    // Every figure comes from the databases, so that a restart changes none of them.
    const since = ctx.clock.now() - HOUR;
    const verdicts = ctx.opsStats.verdictsPerMinute(since);
    const latencies = ctx.opsStats.uploadToPublishedMs(since);
    const deadLetters = await ctx.deadLetters.list();
    const health = await ctx.engineHealth.check();
    const waits = ctx.metrics
      .recent(ctx.clock.now())
      .scanWaitMs.map((s) => s.ms)
      .sort((a, b) => a - b);
    sendJson(res, 200, {
      uploads: ctx.opsStats.uploadsPerMinute(since),
      verdicts,
      latency: {
        uploadToPublished: {
          buckets: [...BUCKETS_MS, Number.POSITIVE_INFINITY].map((le) => ({
            le: Number.isFinite(le) ? le : '+Inf',
            count: latencies.filter((ms) => ms <= le).length,
          })),
          p50: percentile(latencies, 50),
          p99: percentile(latencies, 99),
        },
      },
      streamLagMs: streamLagMs(
        ctx.metrics.recent(ctx.clock.now()).streamLagMs,
        verdicts.reduce((sum, v) => sum + v.clean + v.infected + v.rejected + v.error, 0),
      ),
      deadLetters: deadLetters.map((d) => ({
        id: d.id,
        failedAt: d.failedAt,
        reason: d.reason,
        attempts: d.attempts,
        fileIds: d.fileIds,
        firstSequence: d.firstSequence,
        lastSequence: d.lastSequence,
      })),
      engines: ctx.engineVersions().map((e) => withHealth(e, health)),
      release: ctx.release,
      scanQueue: scanQueueSummary(ctx, waits),
    });
  });

  router.on('POST', '/api/ops/dead-letters/:id/replay', 'operator', async ({ res, params }) => {
    await ctx.deadLetters.replay(params.id as string);
    sendJson(res, 200, { replayed: true });
  });
}
