/** The CloudWatch namespace of every sekisho metric. */
export const METRICS_NAMESPACE = 'sekisho';

/** One metric value and its CloudWatch unit. */
export interface MetricValue {
  readonly value: number;
  readonly unit: 'Count' | 'Milliseconds' | 'Seconds';
}

/** Writes metrics; the Lambda default prints CloudWatch Embedded Metric Format lines to stdout. */
export type MetricsSink = (
  dimensions: Readonly<Record<string, string>>,
  metrics: Readonly<Record<string, MetricValue>>,
) => void;

/**
 * A sink that prints one CloudWatch Embedded Metric Format document per call: Lambda ships stdout
 * to CloudWatch Logs, which turns the document into metrics with no API call and no extra
 * permission. Hand-written rather than Powertools' metrics package because it is twenty lines and
 * keeps every function bundle free of one more dependency; the format is AWS's, documented under
 * "Embedded metric format specification".
 */
export function emfSink(
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  now: () => number = Date.now,
): MetricsSink {
  return (dimensions, metrics) => {
    const names = Object.keys(metrics);
    if (names.length === 0) return;
    const document: Record<string, unknown> = {
      _aws: {
        Timestamp: now(),
        CloudWatchMetrics: [
          {
            Namespace: METRICS_NAMESPACE,
            Dimensions: [Object.keys(dimensions)],
            Metrics: names.map((name) => ({ Name: name, Unit: metrics[name]?.unit })),
          },
        ],
      },
      ...dimensions,
    };
    for (const name of names) document[name] = metrics[name]?.value;
    write(JSON.stringify(document));
  };
}

/** A sink that drops everything (tests that do not look at metrics). */
export const noMetrics: MetricsSink = () => {};
