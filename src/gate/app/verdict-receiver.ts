import type { FileRecord } from '../files/file-status.js';
import type { AppStore } from './app-store.js';
import type { GateMetricsSink } from './gate-metrics-sink.js';
import { releaseStoreOf } from './release-store.js';
import type { ThreadEvents } from './thread-events.js';
import {
  type AppliedVerdict,
  createVerdictReceiverCore,
  type VerdictReceiver,
  type VerdictReceiverCoreDeps,
} from './verdict-receiver-core.js';

export type { VerdictReceiver };

/** sekisho's own web app: its (synchronous) store, thread events and metrics. */
export interface VerdictReceiverDeps
  extends Omit<VerdictReceiverCoreDeps<FileRecord>, 'files' | 'onApplied'> {
  readonly app: AppStore;
  readonly events: ThreadEvents;
  readonly metrics: GateMetricsSink;
}

/** What sekisho's page learns from an applied verdict: a thread event, and the release latency. */
function notifyThread(events: ThreadEvents, metrics: GateMetricsSink) {
  return ({ outcome, file, delivery, at }: AppliedVerdict<FileRecord>): void => {
    switch (outcome) {
      case 'published':
        metrics.published(
          (at - delivery.writtenAt) / 1000,
          delivery.version === 1 ? (at - delivery.uploadedAt) / 1000 : null,
        );
        events.emit(file.threadId, { type: 'file.published', file });
        break;
      case 'blocked':
        events.emit(file.threadId, { type: 'file.blocked', file });
        break;
      case 'failed':
        events.emit(file.threadId, { type: 'file.failed', file });
        break;
      case 'revoked':
        events.emit(file.threadId, { type: 'file.revoked', file });
        break;
      case 'stale':
        break;
    }
  };
}

/**
 * Creates the receiver of sekisho's own server: the shared core ({@link createVerdictReceiverCore})
 * over its SQLite store, emitting thread events for the page and the release latency metric.
 */
export function createVerdictReceiver(deps: VerdictReceiverDeps): VerdictReceiver {
  const { app, events, metrics, ...rest } = deps;
  return createVerdictReceiverCore({
    ...rest,
    files: releaseStoreOf(app),
    onApplied: notifyThread(events, metrics),
  });
}
