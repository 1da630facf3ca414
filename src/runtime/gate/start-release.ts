import { createWebhookSender } from '../../adapters/http/webhook-sender.js';
import type { VerdictReceiver } from '../../gate/app/verdict-receiver.js';
import type { ChangeStream, VerdictPollSource } from '../../gate/ports.js';
import { makeReleaseHandler, type ReleaseHandler } from '../../gate/release/make-release-handler.js';
import {
  createVerdictPoller,
  type PollWatermark,
  type VerdictPoller,
} from '../../gate/release/verdict-poller.js';
import { createStreamDispatcher, type StreamDispatcher } from '../../gate/stream/dispatcher.js';
import { type DispatcherConfig, SERVER_MAXIMUM_RETRY_ATTEMPTS } from '../../gate/stream/dispatcher-config.js';
import type { CheckpointStore, DeadLetterStore } from '../../gate/stream/ports.js';
import type { Clock } from '../../shared/clock.js';
import { SekishoError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import type { GateMetrics } from './gate-metrics.js';

/** The running release: the stream dispatcher with the release function, or the old poll. */
export interface StartedRelease {
  readonly dispatcher: StreamDispatcher | null;
  readonly poller: VerdictPoller | null;
  readonly handler: ReleaseHandler | null;
  /** Replays one dead letter; throws REPLAY_UNAVAILABLE (poll), DEAD_LETTER_NOT_FOUND or REPLAY_FAILED. */
  replay(id: string): Promise<void>;
  /** Drains the stream (at most `drainTimeoutMs`), then stops. */
  stop(drainTimeoutMs: number): Promise<void>;
}

export interface ReleaseDeps {
  readonly mode: 'stream' | 'poll';
  /** The verdict table's change stream (`stream`). */
  readonly stream: ChangeStream;
  readonly checkpoints: CheckpointStore;
  readonly deadLetters: DeadLetterStore;
  /** What `poll` reads. */
  readonly pollSource: VerdictPollSource;
  readonly receiver: VerdictReceiver;
  readonly metrics: GateMetrics;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Where the release function posts (the web app's `/api/webhooks/verdicts`). */
  readonly webhookUrl: string;
  readonly secrets: readonly string[];
  readonly pollIntervalMs: number;
  /** Where `poll` keeps its position across restarts; without it, each launch reads from the start. */
  readonly pollWatermark?: PollWatermark;
  readonly dispatcher?: Partial<DispatcherConfig>;
}

/**
 * Starts the release. `stream`: the dispatcher consumes the verdict stream and invokes the release
 * function, which calls the web app over real HTTP, as the Lambda does on AWS (5 retries, then
 * the dead letters). `poll`: the old periodic query, applying verdicts in-process as the batch did.
 */
export function startRelease(deps: ReleaseDeps): StartedRelease {
  if (deps.mode === 'poll') {
    const poller = createVerdictPoller({
      verdicts: deps.pollSource,
      receiver: deps.receiver,
      intervalMs: deps.pollIntervalMs,
      logger: deps.logger.child({ part: 'poll' }),
      ...(deps.pollWatermark === undefined ? {} : { watermark: deps.pollWatermark }),
    });
    poller.start();
    return {
      dispatcher: null,
      poller,
      handler: null,
      async replay() {
        throw new SekishoError(
          'REPLAY_UNAVAILABLE',
          'Dead letters are replayed by the stream release; this server runs --release poll.',
          { status: 409 },
        );
      },
      async stop() {
        poller.stop();
      },
    };
  }
  const sender = createWebhookSender({ url: deps.webhookUrl, secrets: deps.secrets, clock: deps.clock });
  const handler = makeReleaseHandler({
    sender,
    logger: deps.logger.child({ part: 'release' }),
    onDelivered: (item) => deps.metrics.streamLag((deps.clock.now() - item.writtenAt) / 1000),
  });
  const dispatcher = createStreamDispatcher({
    stream: deps.stream,
    checkpoints: deps.checkpoints,
    deadLetters: deps.deadLetters,
    handler,
    config: { maximumRetryAttempts: SERVER_MAXIMUM_RETRY_ATTEMPTS, ...deps.dispatcher },
    clock: deps.clock,
    logger: deps.logger.child({ part: 'dispatcher' }),
  });
  dispatcher.start();
  deps.metrics.setStreamLagSource(() => dispatcher.stats().lagMs);
  return {
    dispatcher,
    poller: null,
    handler,
    async replay(id) {
      const result = await dispatcher.replayDeadLetter(id);
      if (!result.replayed)
        throw new SekishoError(
          'REPLAY_FAILED',
          `The replay failed again and the entry stays: ${result.error ?? 'unknown error'}.`,
          { status: 502 },
        );
    },
    async stop(drainTimeoutMs) {
      await withTimeout(dispatcher.drain(), drainTimeoutMs);
      await dispatcher.stop();
      // Its keep-alive connections would otherwise hold the server open until they time out.
      sender.close();
    },
  };
}

/** Waits for `promise`, or `ms`, whichever comes first. */
export async function withTimeout(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    promise,
    new Promise((resolve) => {
      timer = setTimeout(resolve, ms);
    }),
  ]);
  clearTimeout(timer);
}
