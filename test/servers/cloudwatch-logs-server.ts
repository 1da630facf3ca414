import { AwsJsonError, type AwsJsonServer, startAwsJsonServer } from './aws-json-server.js';

/**
 * A local CloudWatch Logs that speaks the AWS JSON 1.1 protocol for GetLogEvents: with
 * `startFromHead: false` (the default) it returns the newest `limit` events, oldest first, as the
 * service does; an unknown stream is a `ResourceNotFoundException`.
 */
export function startCloudWatchLogsServer(options: {
  /** Messages per `group` then `stream`, oldest first. */
  readonly streams: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
}): Promise<AwsJsonServer> {
  return startAwsJsonServer({
    targetPrefix: 'Logs_20140328',
    jsonVersion: '1.1',
    operations: {
      GetLogEvents(input) {
        const messages = options.streams[String(input.logGroupName)]?.[String(input.logStreamName)];
        if (messages === undefined)
          throw new AwsJsonError('ResourceNotFoundException', 'The specified log stream does not exist.');
        const limit = typeof input.limit === 'number' ? Math.min(input.limit, 10_000) : 10_000;
        const fromHead = input.startFromHead === true;
        const chosen = fromHead
          ? messages.slice(0, limit)
          : messages.slice(Math.max(0, messages.length - limit));
        const base = 1_764_000_000_000;
        return {
          events: chosen.map((message, i) => ({ timestamp: base + i, message, ingestionTime: base + i + 5 })),
          nextForwardToken: 'f/local',
          nextBackwardToken: 'b/local',
        };
      },
    },
  });
}
