import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

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
    const add = (name: string, metric: cloudwatch.IMetric, threshold: number, description: string) => {
      const alarm = new cloudwatch.Alarm(this, name, {
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
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
  }
}
