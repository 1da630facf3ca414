import type { Verdict } from './verdict.js';

/** A DynamoDB attribute value, as DynamoDB Streams records carry them. */
export type AttributeValue =
  | { S: string }
  | { N: string }
  | { BOOL: boolean }
  | { NULL: true }
  | { L: AttributeValue[] }
  | { M: Record<string, AttributeValue> }
  | { SS: string[] };

/**
 * One change-stream record, in the shape of a DynamoDB Streams record inside a Lambda event, so
 * that the release function runs unchanged on both the embedded stream and DynamoDB Streams.
 */
export interface StreamRecord {
  readonly eventID: string;
  readonly eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  readonly eventSource: 'aws:dynamodb';
  readonly eventVersion: '1.1';
  readonly awsRegion: string;
  readonly eventSourceARN: string;
  readonly dynamodb: {
    /** Seconds since the epoch, as DynamoDB Streams gives it. */
    readonly ApproximateCreationDateTime: number;
    readonly Keys: Record<string, AttributeValue>;
    readonly NewImage?: Record<string, AttributeValue>;
    readonly OldImage?: Record<string, AttributeValue>;
    /** Decimal digits, increasing; compare as big integers (pad or BigInt), not as strings of unequal length. */
    readonly SequenceNumber: string;
    readonly SizeBytes: number;
    readonly StreamViewType: 'NEW_AND_OLD_IMAGES';
  };
}

/** A row of the verdict table: the key is `fileId`; `version` increases with every re-scan. */
export interface VerdictItem {
  readonly fileId: string;
  readonly threadId: string;
  readonly version: number;
  readonly verdict: Verdict;
  /** Epoch ms when the file was uploaded, for the upload→published latency. */
  readonly uploadedAt: number;
  /** Epoch ms when this version was written. */
  readonly writtenAt: number;
}
