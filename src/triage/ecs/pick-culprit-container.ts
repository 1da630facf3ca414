import type { EcsContainer } from './ecs-task.js';

/** Reasons that name the container as the one that could not run. */
const FAILING_REASON =
  /OutOfMemoryError|CannotPull|CannotStart|CannotCreateVolume|ResourceInitialization|ContainerRuntimeTimeout|DockerTimeout|executable file not found|OOMKilled/i;
/** Exit codes of a container stopped because the task was stopping: SIGTERM (143) or SIGKILL after it (137). */
const STOPPED_WITH_TASK = new Set([137, 143]);
/** Names of usual sidecars: when everything else is equal, the main container is the better guess. */
const SIDECAR =
  /^(log[-_]?router|firelens|fluent[-_]?bit|datadog[-_]?agent|xray|aws[-_]otel[-_]collector|envoy|cloudwatch[-_]agent|otel)/i;

/**
 * The container that caused the task to stop: one with a failing reason (OOM, pull, start), then an
 * essential container that exited non-zero with a code of its own, then one killed by a signal; never a
 * sidecar that exited 0 or got SIGTERM because the task was stopping when a better candidate exists.
 */
export function pickCulpritContainer(containers: readonly EcsContainer[]): EcsContainer | null {
  const ranked = containers
    .map((container, index) => ({ container, index, rank: rank(container) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index);
  return ranked[0]?.container ?? null;
}

function rank(container: EcsContainer): number {
  // A non-essential container cannot stop the task; a sidecar by name is only a tie-breaker.
  const sidecar = container.essential === false ? 7 : SIDECAR.test(container.name ?? '') ? 1 : 0;
  const code = container.exitCode;
  if (/OutOfMemoryError|OOMKilled/i.test(container.reason ?? '')) return 0;
  if (FAILING_REASON.test(container.reason ?? '')) return 2 + sidecar;
  if (code !== null && code !== 0 && !STOPPED_WITH_TASK.has(code)) return 4 + sidecar;
  if (code !== null && STOPPED_WITH_TASK.has(code)) return 6 + sidecar;
  if (code === null && container.reason !== null) return 8 + sidecar;
  if (code === null) return 10 + sidecar;
  return 12 + sidecar;
}
