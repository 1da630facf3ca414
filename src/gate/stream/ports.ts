import type { StreamRecord } from '../stream-record.js';

/** The event a DynamoDB Streams event source mapping hands a Lambda function (and the embedded dispatcher). */
export interface StreamEvent {
  readonly Records: readonly StreamRecord[];
}

/**
 * A partial batch response, as a Lambda function returns it to a DynamoDB event source mapping
 * with `ReportBatchItemFailures` on: the records (by `SequenceNumber`) to retry, and with them
 * everything after them.
 */
export interface BatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}

/** What a stream consumer returns: nothing, `null` or an empty list means the whole batch succeeded. */
// biome-ignore lint/suspicious/noConfusingVoidType: a handler that returns nothing (Promise<void>) must fit.
export type StreamHandlerResponse = BatchResponse | void;

/**
 * A stream consumer: the release function runs behind this signature both here and as a Lambda.
 * It must be idempotent: a record can arrive twice, and after a failure every later record of the
 * batch arrives again.
 */
export type StreamHandler = (event: StreamEvent) => Promise<StreamHandlerResponse>;

/** Where a consumer keeps the last sequence number it has fully processed, so it survives restarts. */
export interface CheckpointStore {
  /** The consumer's checkpoint, or null when it has never processed anything. */
  get(consumer: string): Promise<string | null>;
  set(consumer: string, sequence: string): Promise<void>;
}

/**
 * Why records went to the failure destination, with Lambda's condition names:
 * the retries ran out, or the records grew older than the maximum record age.
 */
export type DeadLetterCondition = 'RetryAttemptsExhausted' | 'RecordAgeExceeded';

/** Records the dispatcher gave up on, kept whole so that `sekisho dlq replay` can deliver them again. */
export interface DeadLetterEntry {
  readonly id: string;
  /** Epoch ms. */
  readonly failedAt: number;
  readonly condition: DeadLetterCondition;
  /** A sentence for a person: the condition and the last error the handler gave. */
  readonly reason: string;
  /** How many times the handler was invoked with these records and failed. */
  readonly attempts: number;
  readonly records: readonly StreamRecord[];
  readonly firstSequence: string;
  readonly lastSequence: string;
  /** The `fileId` key of each record, in order, duplicates removed. */
  readonly fileIds: readonly string[];
}

/** The failure destination (a table here; an SQS queue or SNS topic on AWS). */
export interface DeadLetterStore {
  /** Stores a new entry and returns it with the id the store gave it. */
  add(entry: Omit<DeadLetterEntry, 'id'>): Promise<DeadLetterEntry>;
  /** Every entry, oldest first. */
  list(): Promise<DeadLetterEntry[]>;
  get(id: string): Promise<DeadLetterEntry | null>;
  /** Returns whether an entry was deleted. */
  delete(id: string): Promise<boolean>;
  count(): Promise<number>;
}

/** Waits `ms`; resolves early (without throwing) when `signal` aborts. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;
