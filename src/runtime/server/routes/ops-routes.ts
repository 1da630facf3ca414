import type { VerdictKind } from '../../../gate/verdict.js';
import { sendJson } from '../respond.js';
import type { Router } from '../router.js';
import type { ServerContext } from '../server-context.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const BUCKETS_MS = [5, 10, 20, 50, 100, 150, 250, 500, 1000, 2500, 5000, 10_000, 30_000, 60_000, 120_000];

function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? null;
}

/**
 * The stream lag, or null while there is nothing to measure: no verdict written since the start
 * and none waiting, where a 0 would read as "caught up in no time".
 */
async function streamLagMs(ctx: ServerContext, lagMs: number): Promise<number | null> {
  if (lagMs > 0) return lagMs;
  const written = await ctx.metrics.registry.getSingleMetric('sekisho_verdicts_total')?.get();
  const total = (written?.values ?? []).reduce((sum, v) => sum + v.value, 0);
  return total === 0 ? null : lagMs;
}

/** `/api/ops/summary`, dead-letter replay, `/metrics` and `/healthz`. */
export function opsRoutes(router: Router, ctx: ServerContext): void {
  router.on('GET', '/healthz', 'public', ({ res }) => sendJson(res, 200, { ok: true }));

  router.on('GET', '/metrics', 'public', async ({ res }) => {
    const text = await ctx.metrics.registry.metrics();
    res.writeHead(200, { 'content-type': ctx.metrics.registry.contentType });
    res.end(text);
  });

  router.on('GET', '/api/ops/summary', 'operator', async ({ res }) => {
    const now = ctx.clock.now();
    const recent = ctx.metrics.recent(now);
    const verdicts = new Map<number, Record<VerdictKind, number>>();
    for (const { t, kind } of recent.verdicts) {
      const minute = Math.floor(t / MINUTE) * MINUTE;
      const row = verdicts.get(minute) ?? { clean: 0, infected: 0, rejected: 0, error: 0 };
      row[kind]++;
      verdicts.set(minute, row);
    }
    const latencies = recent.uploadToPublishedMs.map((s) => s.ms).sort((a, b) => a - b);
    const deadLetters = await ctx.deadLetters.list();
    const waits = recent.scanWaitMs.map((s) => s.ms).sort((a, b) => a - b);
    sendJson(res, 200, {
      uploads: ctx.app.uploadsPerMinute(now - HOUR),
      verdicts: [...verdicts.entries()].sort(([a], [b]) => a - b).map(([t, counts]) => ({ t, ...counts })),
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
      streamLagMs: await streamLagMs(ctx, recent.streamLagMs),
      deadLetters: deadLetters.map((d) => ({
        id: d.id,
        failedAt: d.failedAt,
        reason: d.reason,
        attempts: d.attempts,
        fileIds: d.fileIds,
        firstSequence: d.firstSequence,
        lastSequence: d.lastSequence,
      })),
      engines: ctx.engineVersions(),
      release: ctx.release,
      scanQueue:
        ctx.scanQueue === undefined
          ? null
          : { ...ctx.scanQueue(), waitMs: { p50: percentile(waits, 50), p99: percentile(waits, 99) } },
    });
  });

  router.on('POST', '/api/ops/dead-letters/:id/replay', 'operator', async ({ res, params }) => {
    await ctx.deadLetters.replay(params.id as string);
    sendJson(res, 200, { replayed: true });
  });
}
