import type { KnowledgeEntry } from './knowledge-entry.js';
import { sources } from './sources.js';

const apiEntry = (
  id: string,
  category: KnowledgeEntry['category'],
  en: KnowledgeEntry['en'],
  ja: KnowledgeEntry['ja'],
): KnowledgeEntry => ({ id, category, source: sources.runTask, en, ja });

const invalidParameters = apiEntry(
  'ecs-api.invalid-parameters',
  'invalid_parameters',
  {
    title: 'ECS rejected the RunTask parameters ({apiError})',
    explanation:
      'The RunTask call of the state was refused before any task existed: a parameter is wrong for the cluster, the task definition or the platform.',
    nextSteps: [
      'Read the message in the cause below; then check the state’s Parameters (Cluster, TaskDefinition, LaunchType / CapacityProviderStrategy, NetworkConfiguration, Overrides) against the resources.',
      'Try the same call by hand: `aws ecs run-task --cli-input-json file://params.json` with the Parameters from the TaskScheduled event.',
    ],
  },
  {
    title: 'ECS が RunTask のパラメータを拒否した（{apiError}）',
    explanation:
      'ステートの RunTask 呼び出しは、タスクが作られる前に拒否されました。クラスター、タスク定義、プラットフォームに対してパラメータが誤っています。',
    nextSteps: [
      '下の cause のメッセージを読み、ステートの Parameters（Cluster、TaskDefinition、LaunchType / CapacityProviderStrategy、NetworkConfiguration、Overrides）を実際のリソースと照合してください。',
      'TaskScheduled イベントの Parameters を使って同じ呼び出しを手で試してください: `aws ecs run-task --cli-input-json file://params.json`。',
    ],
  },
);

/**
 * Errors of the RunTask API (its "Errors" section and the ECS common errors) as Step Functions reports
 * them: `ECS.<Name>` or `ECS.AmazonECSException` with "Error Code: <Name>" in the cause.
 */
export const ecsApiErrors: Readonly<Record<string, KnowledgeEntry>> = {
  AccessDeniedException: apiEntry(
    'ecs-api.access-denied',
    'permissions',
    {
      title: 'the state machine may not run the ECS task',
      explanation:
        'The execution role of the state machine was refused: it lacks `ecs:RunTask` on the task definition, or `iam:PassRole` for the task role / task execution role.',
      nextSteps: [
        'Give the state machine’s role `ecs:RunTask` on the task definition ARN, `ecs:StopTask`/`ecs:DescribeTasks`, and `events:PutTargets`/`PutRule`/`DescribeRule` for .sync.',
        'Allow `iam:PassRole` on the task role and the task execution role of {taskDefinition}.',
      ],
    },
    {
      title: 'ステートマシンに ECS タスクを実行する権限がない',
      explanation:
        'ステートマシンの実行ロールが拒否されました。タスク定義への `ecs:RunTask`、またはタスクロール / タスク実行ロールへの `iam:PassRole` がありません。',
      nextSteps: [
        'ステートマシンのロールに、タスク定義 ARN への `ecs:RunTask`、`ecs:StopTask`/`ecs:DescribeTasks`、.sync 用の `events:PutTargets`/`PutRule`/`DescribeRule` を付けてください。',
        '{taskDefinition} のタスクロールとタスク実行ロールへの `iam:PassRole` を許可してください。',
      ],
    },
  ),
  InvalidParameterException: invalidParameters,
  ClientException: invalidParameters,
  ClusterNotFoundException: apiEntry(
    'ecs-api.cluster-not-found',
    'invalid_parameters',
    {
      title: 'the ECS cluster of the state does not exist',
      explanation: 'RunTask names a cluster that does not exist in this account and region.',
      nextSteps: ['Check `Cluster` in the state’s Parameters and the region: `aws ecs list-clusters`.'],
    },
    {
      title: 'ステートの ECS クラスターが存在しない',
      explanation: 'RunTask が、このアカウント・リージョンに存在しないクラスターを指しています。',
      nextSteps: [
        'ステートの Parameters の `Cluster` とリージョンを確認してください: `aws ecs list-clusters`。',
      ],
    },
  ),
  PlatformUnknownException: apiEntry(
    'ecs-api.platform-unknown',
    'invalid_parameters',
    {
      title: 'the Fargate platform version of the state does not exist',
      explanation: 'The `PlatformVersion` in the RunTask parameters is not a Fargate platform version.',
      nextSteps: [
        'Use `LATEST` or an existing version (e.g. 1.4.0) for `PlatformVersion` in the state’s Parameters.',
      ],
    },
    {
      title: 'ステートの Fargate プラットフォームバージョンが存在しない',
      explanation: 'RunTask パラメータの `PlatformVersion` が Fargate に存在しないバージョンです。',
      nextSteps: [
        'ステートの Parameters の `PlatformVersion` に `LATEST` か実在するバージョン（例: 1.4.0）を指定してください。',
      ],
    },
  ),
  PlatformTaskDefinitionIncompatibilityException: invalidParameters,
  UnsupportedFeatureException: invalidParameters,
  ServerException: apiEntry(
    'ecs-api.server',
    'infrastructure',
    {
      title: 'ECS failed on its side ({apiError})',
      explanation: 'The ECS API answered with a server error; the request itself may be fine.',
      nextSteps: [
        'Check the AWS Health Dashboard for ECS in the region.',
        'Add a Retry with backoff on the state for `ECS.ServerException` / `ECS.AmazonECSException`.',
      ],
    },
    {
      title: 'ECS 側でエラーが起きた（{apiError}）',
      explanation: 'ECS API がサーバーエラーを返しました。リクエスト自体は正しい可能性があります。',
      nextSteps: [
        'そのリージョンの ECS について AWS Health Dashboard を確認してください。',
        'ステートに `ECS.ServerException` / `ECS.AmazonECSException` のバックオフ付き Retry を追加してください。',
      ],
    },
  ),
  LimitExceededException: apiEntry(
    'ecs-api.limit-exceeded',
    'capacity',
    {
      title: 'ECS refused to start more tasks ({apiError})',
      explanation:
        'A quota was reached, such as the number of tasks being provisioned at once ("Tasks provisioning capacity limit exceeded").',
      nextSteps: [
        'Check the ECS and Fargate quotas in Service Quotas for the region.',
        'Lower `MaxConcurrency` of the Map state and Retry `ECS.AmazonECSException` with backoff.',
      ],
    },
    {
      title: 'ECS がこれ以上タスクを起動しなかった（{apiError}）',
      explanation:
        'クォータに達しました（例: 同時に起動中にできるタスク数「Tasks provisioning capacity limit exceeded」）。',
      nextSteps: [
        'そのリージョンの ECS と Fargate のクォータを Service Quotas で確認してください。',
        'Map ステートの `MaxConcurrency` を下げ、`ECS.AmazonECSException` にバックオフ付き Retry を設定してください。',
      ],
    },
  ),
  ThrottlingException: apiEntry(
    'ecs-api.throttling',
    'capacity',
    {
      title: 'ECS throttled the RunTask calls',
      explanation:
        'Too many RunTask calls at once (often a Map state starting many tasks) exceeded the ECS API rate.',
      nextSteps: [
        'Lower `MaxConcurrency` of the Map state and add a Retry with backoff and jitter for `ECS.ThrottlingException`.',
      ],
    },
    {
      title: 'ECS が RunTask の呼び出しを抑制した',
      explanation:
        '同時に多くの RunTask 呼び出し（多くは大量のタスクを起動する Map ステート）が ECS API のレートを超えました。',
      nextSteps: [
        'Map ステートの `MaxConcurrency` を下げ、`ECS.ThrottlingException` にジッター付きバックオフの Retry を追加してください。',
      ],
    },
  ),
};

/** The exception name inside an ECS error: `ECS.ClusterNotFoundException`, or "Error Code: X" in a cause. */
export function ecsApiErrorName(error: string | null, cause: string | null): string | null {
  const fromCause = cause?.match(/Error Code: (\w+)/)?.[1];
  if (fromCause !== undefined) return fromCause;
  const name = error?.match(/^(?:ECS|AmazonECS)\.(\w+)$/)?.[1];
  if (name === undefined || name === 'AmazonECSException' || name === 'Unknown') return null;
  return name;
}
