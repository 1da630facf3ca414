import type { EcsTask } from './ecs/ecs-task.js';
import { readEcsCause } from './ecs/read-ecs-cause.js';
import type { ExecutionHistory } from './history/history-event.js';

/** How the failed task differs from the same task in the last successful execution. */
export interface WhatChanged {
  readonly previousExecutionArn: string;
  /** `family:revision` before and now; null when the revision is the same. */
  readonly taskDefinition: { readonly before: string; readonly now: string } | null;
  /** Containers whose image differs, by name. */
  readonly images: readonly { readonly container: string; readonly before: string; readonly now: string }[];
}

const family = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1).split(':')[0];
const revisionOf = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);

/**
 * Compares the failed ECS task with the newest task of the same task definition family that succeeded
 * in `previous` (the last successful execution's newest history page, with its data): a different
 * revision or image is the first thing to suspect. Null when nothing comparable was found or nothing
 * differs. Linear in the events.
 */
export function whatChanged(
  failed: EcsTask | null,
  previous: { readonly executionArn: string; readonly history: ExecutionHistory },
): WhatChanged | null {
  const failedArn = failed?.taskDefinitionArn ?? null;
  if (failed === null || failedArn === null) return null;
  const events = previous.history.events;
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i];
    if (event?.type !== 'TaskSucceeded' || event.resourceType !== 'ecs') continue;
    const output = event.details?.output;
    const read = readEcsCause(typeof output === 'string' ? output : null);
    if (read?.kind !== 'task' || read.task.taskDefinitionArn === null) continue;
    if (family(read.task.taskDefinitionArn) !== family(failedArn)) continue;
    const before = read.task;
    const images = failed.containers.flatMap((c) => {
      const old = before.containers.find((b) => b.name === c.name)?.image ?? null;
      return c.name !== null && c.image !== null && old !== null && old !== c.image
        ? [{ container: c.name, before: old, now: c.image }]
        : [];
    });
    const sameRevision = before.taskDefinitionArn === failedArn;
    if (sameRevision && images.length === 0) return null;
    return {
      previousExecutionArn: previous.executionArn,
      taskDefinition: sameRevision
        ? null
        : { before: revisionOf(before.taskDefinitionArn ?? ''), now: revisionOf(failedArn) },
      images,
    };
  }
  return null;
}
