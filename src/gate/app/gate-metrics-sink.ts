import type { VerdictKind } from '../verdict.js';

/**
 * What the use cases report for the metrics (Prometheus on one machine, CloudWatch on AWS).
 * Latencies in seconds; null where the figure would mislead (a re-scan days after its upload).
 */
export interface GateMetricsSink {
  uploaded(): void;
  verdictWritten(kind: VerdictKind, uploadToVerdictSeconds: number | null): void;
  published(verdictToPublishedSeconds: number, uploadToPublishedSeconds: number | null): void;
}
