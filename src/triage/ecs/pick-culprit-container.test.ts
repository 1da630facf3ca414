import { describe, expect, it } from 'vitest';
import type { EcsContainer } from './ecs-task.js';
import { pickCulpritContainer } from './pick-culprit-container.js';

const c = (
  name: string,
  exitCode: number | null,
  reason: string | null = null,
  essential: boolean | null = null,
): EcsContainer => ({
  name,
  exitCode,
  reason,
  lastStatus: 'STOPPED',
  image: null,
  essential,
});

describe('pickCulpritContainer', () => {
  it('picks the OOM-killed container over a sidecar that exited 0 or got SIGTERM', () => {
    const picked = pickCulpritContainer([
      c('log_router', 0),
      c('envoy', 143),
      c('app', 137, 'OutOfMemoryError: Container killed due to memory usage'),
    ]);
    expect(picked?.name).toBe('app');
  });

  it('picks the container with an exit code of its own over those stopped with the task', () => {
    expect(pickCulpritContainer([c('xray', 143), c('app', 137), c('worker', 3)])?.name).toBe('worker');
  });

  it('prefers the main container over a sidecar by name when both failed alike', () => {
    expect(pickCulpritContainer([c('datadog-agent', 1), c('app', 1)])?.name).toBe('app');
  });

  it('does not blame a non-essential container that exited non-zero', () => {
    expect(pickCulpritContainer([c('init', 1, null, false), c('app', 137, null, true)])?.name).toBe('app');
  });

  it('picks the container whose reason says it could not start, and null for no containers', () => {
    expect(
      pickCulpritContainer([c('app', null), c('sidecar', null, 'CannotPullContainerError: x')])?.name,
    ).toBe('sidecar');
    expect(pickCulpritContainer([])).toBeNull();
  });
});
