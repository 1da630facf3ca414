import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** The namespace the functions' embedded metrics use (src/runtime/lambda/emf-metrics.ts). */
const METRICS_NAMESPACE = 'sekisho';

export interface GateAlarmsProps {
  /** @default a new topic encrypted with `key` */
  readonly topic?: sns.ITopic;
  readonly key: kms.IKey;
  /** Every function: Errors and Throttles alarms. */
  readonly functions: readonly lambda.IFunction[];
  readonly releaseFunction: lambda.IFunction;
  readonly scanFunction: lambda.IFunction;
  readonly scanTimeout: Duration;
  /** Dead-letter queues: any message is an alarm. */
  readonly queues: readonly sqs.IQueue[];
  readonly scanQueue: sqs.IQueue;
  /** With clamd: the definitions bucket whose `DefinitionsAgeSeconds` is watched, and the age that alarms. */
  readonly definitions?: { readonly bucketName: string; readonly maxAge: Duration };
  /** With GuardDuty: the bucket whose `GuardDutyFailures` (results neither clean nor infected) alarm. */
  readonly guardDutyBucketName?: string;
}

/**
 * The gate's alarms, each notifying the topic: a release falling behind the stream (iterator age),
 * anything in a dead-letter queue, function errors and throttles, scans running close to their
 * timeout, and uploads waiting too long in the scan queue.
 */
export class GateAlarms extends Construct {
  readonly topic: sns.ITopic;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: GateAlarmsProps) {
    super(scope, id);
    this.topic = props.topic ?? new sns.Topic(this, 'Topic', { masterKey: props.key, enforceSSL: true });
    const add = (
      name: string,
      metric: cloudwatch.IMetric,
      threshold: number,
      description: string,
      missing = cloudwatch.TreatMissingData.NOT_BREACHING,
    ) => {
      const alarm = new cloudwatch.Alarm(this, name, {
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: missing,
        alarmDescription: description,
      });
      alarm.addAlarmAction(new actions.SnsAction(this.topic));
      this.alarms.push(alarm);
    };
    const minute = Duration.minutes(1);
    add(
      'ReleaseIteratorAge',
      props.releaseFunction.metric('IteratorAge', { statistic: 'Maximum', period: minute }),
      60_000,
      'The release is more than a minute behind the verdict stream: files wait to be published.',
    );
    props.functions.forEach((fn, i) => {
      add(
        `Errors${i}`,
        fn.metricErrors({ period: minute }),
        1,
        `${fn.node.path}: a sekisho function failed.`,
      );
      add(
        `Throttles${i}`,
        fn.metricThrottles({ period: minute }),
        1,
        `${fn.node.path}: invocations were throttled.`,
      );
    });
    add(
      'ScanNearTimeout',
      props.scanFunction.metricDuration({ statistic: 'Maximum', period: minute }),
      props.scanTimeout.toMilliseconds() * 0.8,
      'A scan took more than 80% of its timeout: raise the memory or the timeout before scans fail.',
    );
    props.queues.forEach((queue, i) => {
      add(
        `DeadLetters${i}`,
        queue.metricApproximateNumberOfMessagesVisible({ period: minute, statistic: 'Maximum' }),
        1,
        `${queue.node.path}: messages were dead-lettered; see "sekisho dlq list" and docs/aws.md.`,
      );
    });
    add(
      'ScanBacklogAge',
      props.scanQueue.metricApproximateAgeOfOldestMessage({ period: minute, statistic: 'Maximum' }),
      300,
      'An upload has waited over five minutes to be scanned.',
    );
    if (props.definitions !== undefined)
      add(
        'DefinitionsAge',
        new cloudwatch.Metric({
          namespace: METRICS_NAMESPACE,
          metricName: 'DefinitionsAgeSeconds',
          dimensionsMap: { DefinitionsBucket: props.definitions.bucketName },
          statistic: 'Maximum',
          period: Duration.hours(6),
        }),
        props.definitions.maxAge.toSeconds(),
        `ClamAV definitions are older than ${props.definitions.maxAge.toHumanString()}, or the refresh stopped reporting: see the DefinitionsRefresh function's log.`,
        // The refresh reports every few hours; silence means it stopped running.
        cloudwatch.TreatMissingData.BREACHING,
      );
    if (props.guardDutyBucketName !== undefined)
      add(
        'GuardDutyFailures',
        new cloudwatch.Metric({
          namespace: METRICS_NAMESPACE,
          metricName: 'GuardDutyFailures',
          dimensionsMap: { Bucket: props.guardDutyBucketName },
          statistic: 'Sum',
          period: Duration.minutes(5),
        }),
        1,
        'GuardDuty could not scan an upload (skipped, failed, unsupported or access denied): the file stays blocked.',
      );
  }
}
