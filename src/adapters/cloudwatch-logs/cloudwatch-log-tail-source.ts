import { type CloudWatchLogsClient, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import type { LogTailSource } from '../../triage/ports.js';

/**
 * Reads the end of a log stream with GetLogEvents (startFromHead false, limit N): one call, the
 * newest N events, which the service returns oldest first.
 */
export class CloudWatchLogTailSource implements LogTailSource {
  constructor(private readonly client: CloudWatchLogsClient) {}

  async tail(group: string, stream: string, lines: number): Promise<string[]> {
    if (lines <= 0) return [];
    const out = await this.client.send(
      new GetLogEventsCommand({
        logGroupName: group,
        logStreamName: stream,
        startFromHead: false,
        limit: Math.min(lines, 10_000),
      }),
    );
    return (out.events ?? []).map((e) => (e.message ?? '').replace(/\r?\n$/, ''));
  }
}
