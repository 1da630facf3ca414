import { ConfigError } from '../../shared/errors.js';
import type { FilterCriteria } from './event-filter.js';

/**
 * How the dispatcher reads the stream and retries, mirroring the settings of Lambda's DynamoDB event
 * source mapping (names in milliseconds where Lambda uses seconds). Defaults are Lambda's unless
 * stated.
 */
export interface DispatcherConfig {
  /** Most records per handler invocation (1–10,000). Default 100. */
  readonly batchSize: number;
  /** How long to gather records before invoking when the batch is not full (0–300,000). Default 0. */
  readonly maximumBatchingWindowMs: number;
  /** Records matching no filter are skipped and checkpointed past. Default: none, deliver all. */
  readonly filterCriteria?: FilterCriteria;
  /** Retries after the first failed invocation before the records are dead-lettered; -1 retries until they expire. Default -1. */
  readonly maximumRetryAttempts: number;
  /** Records older than this go to the dead letters instead of the handler; -1 never. Default 24 h. */
  readonly maximumRecordAgeMs: number;
  /** Split a batch in two when the handler throws or answers invalidly, and retry each half. Default false. */
  readonly bisectBatchOnFunctionError: boolean;
  /** Honour `batchItemFailures` in the handler's answer (Lambda's `ReportBatchItemFailures`). Default true here. */
  readonly reportBatchItemFailures: boolean;
  /**
   * How long one handler invocation may take before it counts as failed (Lambda's function timeout).
   * The late answer is ignored; the handler is not cancelled. Default 60 s.
   */
  readonly invocationTimeoutMs: number;
  /** First retry delay; doubles with each attempt, with jitter. Default 200 ms. */
  readonly retryBaseDelayMs: number;
  /** Longest retry delay. Default 30 s. */
  readonly retryMaxDelayMs: number;
}

export const DEFAULT_DISPATCHER_CONFIG: DispatcherConfig = Object.freeze({
  batchSize: 100,
  maximumBatchingWindowMs: 0,
  maximumRetryAttempts: -1,
  maximumRecordAgeMs: 24 * 60 * 60 * 1000,
  bisectBatchOnFunctionError: false,
  reportBatchItemFailures: true,
  invocationTimeoutMs: 60_000,
  retryBaseDelayMs: 200,
  retryMaxDelayMs: 30_000,
});

/** A retry limit for the server, where retrying a poison record for 24 h would hold up every later file. */
export const SERVER_MAXIMUM_RETRY_ATTEMPTS = 5;

const RANGES: Record<string, [number, number]> = {
  batchSize: [1, 10_000],
  maximumBatchingWindowMs: [0, 300_000],
  maximumRetryAttempts: [-1, 10_000],
  maximumRecordAgeMs: [-1, 7 * 24 * 60 * 60 * 1000],
  invocationTimeoutMs: [1, 900_000],
  retryBaseDelayMs: [0, 3_600_000],
  retryMaxDelayMs: [0, 3_600_000],
};

/**
 * Fills in defaults and checks every range at once, naming each wrong setting (Lambda's own limits,
 * with record age from 60 s relaxed to any positive value for tests). Returns a frozen config.
 */
export function resolveDispatcherConfig(partial: Partial<DispatcherConfig> = {}): DispatcherConfig {
  const config: DispatcherConfig = { ...DEFAULT_DISPATCHER_CONFIG, ...definedOnly(partial) };
  const problems: string[] = [];
  for (const [name, [min, max]] of Object.entries(RANGES)) {
    const value = config[name as keyof DispatcherConfig];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
      problems.push(`${name} must be an integer from ${min} to ${max}; got ${String(value)}`);
  }
  if (config.maximumRecordAgeMs === 0)
    problems.push('maximumRecordAgeMs must be -1 (never) or positive; got 0');
  if (config.retryMaxDelayMs < config.retryBaseDelayMs)
    problems.push('retryMaxDelayMs must not be less than retryBaseDelayMs');
  if (problems.length > 0)
    throw new ConfigError(`Invalid stream dispatcher settings: ${problems.join('; ')}.`);
  return Object.freeze(config);
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
