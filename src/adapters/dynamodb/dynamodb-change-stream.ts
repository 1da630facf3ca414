import {
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as SdkRecord,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';
import type { ChangeStream } from '../../gate/ports.js';
import { checkLimit, checkSequenceNumber } from '../../gate/stream/check-read-args.js';
import { compareSequenceNumbers } from '../../gate/stream/sequence-number.js';
import type { AttributeValue, StreamRecord } from '../../gate/stream-record.js';
import { InvalidInputError } from '../../shared/errors.js';

export interface DynamoDbChangeStreamOptions {
  readonly client: DynamoDBStreamsClient;
  /** The table's `LatestStreamArn`. */
  readonly streamArn: string;
  /** How often `onAppend` listeners are polled for, like Lambda's pollers (4 a second). Default 250 ms. */
  readonly pollIntervalMs?: number;
}

/** A change stream that can also be stopped (its poller). */
export interface DynamoDbChangeStream extends ChangeStream {
  close(): void;
}

/**
 * The verdict table's DynamoDB stream as a {@link ChangeStream}, read through the DynamoDB Streams
 * API (DescribeStream → GetShardIterator → GetRecords), the calls Lambda's event source mapping
 * makes. Shards are read parent first (by starting sequence number); a shard that ended before
 * `afterSequence` is skipped and the shard holding it is read from just after it. DynamoDB Streams
 * pushes nothing, so `onAppend` polls while someone listens. Used by `sekisho dlq` against AWS and by
 * the tests that play the event source mapping with sekisho's dispatcher; on AWS, Lambda reads it.
 */
export function createDynamoDbChangeStream(options: DynamoDbChangeStreamOptions): DynamoDbChangeStream {
  const { client, streamArn } = options;
  const listeners = new Set<() => void>();
  let timer: ReturnType<typeof setInterval> | undefined;
  let lastSeen = '';
  let polling = false;

  async function shards(): Promise<Shard[]> {
    const all: Shard[] = [];
    let start: string | undefined;
    do {
      const out = await client.send(
        new DescribeStreamCommand({
          StreamArn: streamArn,
          ...(start ? { ExclusiveStartShardId: start } : {}),
        }),
      );
      all.push(...(out.StreamDescription?.Shards ?? []));
      start = out.StreamDescription?.LastEvaluatedShardId;
    } while (start);
    const first = (s: Shard) => s.SequenceNumberRange?.StartingSequenceNumber ?? '0';
    return all.sort((a, b) => compareSequenceNumbers(first(a), first(b)));
  }

  async function readShard(shard: Shard, after: string, want: number, into: StreamRecord[]) {
    const range = shard.SequenceNumberRange;
    const end = range?.EndingSequenceNumber;
    if (after !== '' && end !== undefined && compareSequenceNumbers(end, after) <= 0) return;
    const startsBefore =
      after !== '' && compareSequenceNumbers(range?.StartingSequenceNumber ?? '0', after) <= 0;
    let iterator = (
      await client.send(
        new GetShardIteratorCommand({
          StreamArn: streamArn,
          ShardId: shard.ShardId,
          ...(startsBefore
            ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after }
            : { ShardIteratorType: 'TRIM_HORIZON' }),
        }),
      )
    ).ShardIterator;
    while (iterator !== undefined && into.length < want) {
      const out = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
      const records = out.Records ?? [];
      for (const r of records) {
        const record = toStreamRecord(r, streamArn);
        if (after === '' || compareSequenceNumbers(record.dynamodb.SequenceNumber, after) > 0)
          into.push(record);
      }
      // An open shard with nothing more answers an empty page and a next iterator: caught up.
      if (records.length === 0) break;
      iterator = out.NextShardIterator;
    }
  }

  const stream: DynamoDbChangeStream = {
    async read(afterSequence, limit) {
      checkSequenceNumber(afterSequence);
      checkLimit(limit);
      const records: StreamRecord[] = [];
      for (const shard of await shards()) {
        if (records.length >= limit) break;
        await readShard(shard, afterSequence, limit, records);
      }
      return records.slice(0, limit);
    },
    onAppend(listener) {
      listeners.add(listener);
      timer ??= setInterval(() => void poll(), options.pollIntervalMs ?? 250);
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) stream.close();
      };
    },
    close() {
      clearInterval(timer);
      timer = undefined;
    },
  };

  async function poll() {
    if (polling) return;
    polling = true;
    try {
      const fresh = await stream.read(lastSeen, 100);
      const last = fresh.at(-1);
      if (last === undefined) return;
      lastSeen = last.dynamodb.SequenceNumber;
      for (const listener of listeners) listener();
    } catch {
      // The next poll tries again; the dispatcher's own reads report their errors.
    } finally {
      polling = false;
    }
  }

  return stream;
}

/** A record of GetRecords in the shape Lambda hands a function (and the release function reads). */
export function toStreamRecord(r: SdkRecord, streamArn: string): StreamRecord {
  const d = r.dynamodb;
  if (d?.SequenceNumber === undefined || d.Keys === undefined || r.eventName === undefined)
    throw new InvalidInputError(
      'STREAM_RECORD_INVALID',
      'A DynamoDB stream record lacks its keys or sequence number.',
    );
  const created = d.ApproximateCreationDateTime;
  return {
    eventID: r.eventID ?? d.SequenceNumber,
    eventName: r.eventName,
    eventSource: 'aws:dynamodb',
    eventVersion: '1.1',
    awsRegion: r.awsRegion ?? 'unknown',
    eventSourceARN: streamArn,
    dynamodb: {
      // The SDK parses the epoch seconds into a Date; Lambda's event keeps the number.
      ApproximateCreationDateTime: created === undefined ? 0 : Math.floor(created.getTime() / 1000),
      Keys: d.Keys as Record<string, AttributeValue>,
      ...(d.NewImage === undefined ? {} : { NewImage: d.NewImage as Record<string, AttributeValue> }),
      ...(d.OldImage === undefined ? {} : { OldImage: d.OldImage as Record<string, AttributeValue> }),
      SequenceNumber: d.SequenceNumber,
      SizeBytes: d.SizeBytes ?? 0,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  };
}
