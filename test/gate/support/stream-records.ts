import { toAttributeMap } from '../../../src/gate/stream/verdict-item-codec.js';
import type { StreamRecord, VerdictItem } from '../../../src/gate/stream-record.js';
import type { VerdictKind } from '../../../src/gate/verdict.js';

/** A verdict item for tests. */
export function verdictItem(fileId: string, version: number, kind: VerdictKind = 'clean'): VerdictItem {
  return {
    fileId,
    threadId: 't_1',
    version,
    verdict: {
      kind,
      findings: kind === 'clean' ? [] : [{ engine: 'builtin', rule: 'eicar', detail: 'EICAR test file' }],
      engines: [{ engine: 'builtin', version: 'builtin 0.1.0' }],
      sha256: 'c'.repeat(64),
      detectedType: 'text/plain',
      scannedAt: 1_764_000_000_000,
      durationMs: 3,
    },
    uploadedAt: 1_764_000_000_000,
    writtenAt: 1_764_000_000_100,
  };
}

let sequence = 100_000_000_000_000_000_000n;

/** A DynamoDB Streams record (as Lambda receives it) carrying `item`. */
export function streamRecord(
  item: VerdictItem,
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE' = item.version === 1 ? 'INSERT' : 'MODIFY',
): StreamRecord {
  sequence += 1n;
  const image = toAttributeMap(item);
  return {
    eventID: `e${sequence}`,
    eventName,
    eventSource: 'aws:dynamodb',
    eventVersion: '1.1',
    awsRegion: 'ap-northeast-1',
    eventSourceARN:
      'arn:aws:dynamodb:ap-northeast-1:123456789012:table/verdicts/stream/2026-11-25T00:00:00.000',
    dynamodb: {
      ApproximateCreationDateTime: Math.floor(item.writtenAt / 1000),
      Keys: { fileId: { S: item.fileId } },
      ...(eventName === 'REMOVE' ? { OldImage: image } : { NewImage: image }),
      SequenceNumber: String(sequence),
      SizeBytes: 200,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  };
}
