import type { KnowledgeEntry } from './knowledge-entry.js';
import { sources } from './sources.js';

interface FailureEntry extends KnowledgeEntry {
  readonly pattern: RegExp;
}

const placement = (
  id: string,
  pattern: RegExp,
  enWhat: string,
  jaWhat: string,
  enFix: string,
  jaFix: string,
): FailureEntry => ({
  id,
  category: 'capacity',
  source: sources.apiFailures,
  pattern,
  en: {
    title: `RunTask could not place the task: ${enWhat}`,
    explanation: `ECS found no place to run the task (failure reason {reason}): ${enWhat}.`,
    nextSteps: [
      enFix,
      'Add a Retry with backoff on the state for the error {error}, since capacity often frees up.',
    ],
  },
  ja: {
    title: `RunTask がタスクを配置できなかった: ${jaWhat}`,
    explanation: `ECS はタスクを実行する場所を見つけられませんでした（失敗理由 {reason}）: ${jaWhat}。`,
    nextSteps: [
      jaFix,
      'キャパシティは空くことが多いので、ステートにエラー {error} のバックオフ付き Retry を追加してください。',
    ],
  },
});

/** RunTask `failures[].reason` values of "Amazon ECS API failure reasons", most specific first. */
export const runTaskFailures: readonly FailureEntry[] = [
  placement(
    'run-task.memory',
    /RESOURCE:MEMORY/,
    'no container instance has enough free memory',
    '十分な空きメモリのあるコンテナインスタンスがない',
    'Lower the task memory, or add capacity: scale the Auto Scaling group / use a capacity provider with managed scaling.',
    'タスクのメモリを減らすか、キャパシティを増やしてください（Auto Scaling グループの拡張、マネージドスケーリング付きキャパシティプロバイダー）。',
  ),
  placement(
    'run-task.cpu',
    /RESOURCE:CPU/,
    'no container instance has enough free CPU',
    '十分な空き CPU のあるコンテナインスタンスがない',
    'Lower the task CPU, or add capacity: scale the Auto Scaling group / use a capacity provider with managed scaling.',
    'タスクの CPU を減らすか、キャパシティを増やしてください（Auto Scaling グループの拡張、マネージドスケーリング付きキャパシティプロバイダー）。',
  ),
  placement(
    'run-task.ports',
    /RESOURCE:PORTS/,
    'the host ports the task needs are taken',
    'タスクが必要とするホストポートが使用中',
    'Use dynamic host ports (hostPort 0) or the awsvpc network mode, or add instances.',
    '動的ホストポート（hostPort 0）か awsvpc ネットワークモードを使うか、インスタンスを増やしてください。',
  ),
  placement(
    'run-task.eni',
    /RESOURCE:ENI/,
    'no container instance has a free network interface for an awsvpc task',
    'awsvpc タスク用の空きネットワークインターフェースがあるインスタンスがない',
    'Enable ENI trunking (awsvpcTrunking) or use instance types with more ENIs.',
    'ENI トランキング（awsvpcTrunking）を有効にするか、ENI の多いインスタンスタイプを使ってください。',
  ),
  placement(
    'run-task.gpu',
    /RESOURCE:GPU/,
    'no container instance has a free GPU',
    '空き GPU のあるコンテナインスタンスがない',
    'Add GPU instances to the cluster or lower the GPU requirement.',
    'クラスターに GPU インスタンスを追加するか、GPU の要求数を減らしてください。',
  ),
  placement(
    'run-task.agent',
    /^AGENT/,
    'the ECS agent of the chosen instance is disconnected',
    '選ばれたインスタンスの ECS エージェントが切断されている',
    'Check the agent on the instances (`aws ecs describe-container-instances`, agentConnected) and restart or replace them.',
    'インスタンスのエージェントを確認し（`aws ecs describe-container-instances` の agentConnected）、再起動または入れ替えてください。',
  ),
  placement(
    'run-task.attribute',
    /^ATTRIBUTE/,
    'no container instance has the attributes the task requires',
    'タスクが要求する属性を持つコンテナインスタンスがない',
    'Compare the task definition `requiresAttributes` / placement constraints with the instances’ attributes (`aws ecs list-attributes`).',
    'タスク定義の `requiresAttributes` や配置制約と、インスタンスの属性（`aws ecs list-attributes`）を比べてください。',
  ),
  placement(
    'run-task.fargate-capacity',
    /Capacity is unavailable|capacity.*(unavailable|insufficient)|InsufficientCapacity/i,
    'Fargate had no capacity in the chosen Availability Zones',
    '選んだアベイラビリティーゾーンに Fargate のキャパシティがなかった',
    'Give the task subnets in more Availability Zones, or another capacity provider.',
    'タスクのサブネットを複数のアベイラビリティーゾーンに広げるか、別のキャパシティプロバイダーを使ってください。',
  ),
  placement(
    'run-task.limit',
    /limit (on|of) the number of tasks|Tasks provisioning capacity limit|LimitExceeded|too many tasks/i,
    'a quota on running or provisioning tasks was reached',
    '実行中または起動中のタスク数のクォータに達した',
    'Check the ECS / Fargate quotas in Service Quotas (e.g. Fargate On-Demand vCPU) and spread the Map concurrency (MaxConcurrency).',
    'Service Quotas で ECS / Fargate のクォータ（Fargate オンデマンド vCPU など）を確認し、Map の同時実行数（MaxConcurrency）を下げてください。',
  ),
  {
    id: 'run-task.missing',
    category: 'invalid_parameters',
    source: sources.apiFailures,
    pattern: /^MISSING|^INACTIVE/,
    en: {
      title: 'RunTask could not find the cluster or container instance',
      explanation:
        'The cluster, container instance or task definition named in the RunTask parameters does not exist (failure reason {reason}).',
      nextSteps: [
        'Check `Cluster` and `TaskDefinition` in the state’s Parameters and the region: `aws ecs describe-clusters --clusters` with that cluster name (and `aws ecs describe-task-definition`) must find them.',
      ],
    },
    ja: {
      title: 'RunTask がクラスターまたはコンテナインスタンスを見つけられなかった',
      explanation:
        'RunTask のパラメータにあるクラスター、コンテナインスタンス、タスク定義が存在しません（失敗理由 {reason}）。',
      nextSteps: [
        'ステートの Parameters の `Cluster` と `TaskDefinition`、リージョンを確認してください: そのクラスター名での `aws ecs describe-clusters --clusters`（と `aws ecs describe-task-definition`）で見つかる必要があります。',
      ],
    },
  },
];

/** The generic entry when a failure reason matched nothing above. */
export const runTaskFailureFallback: KnowledgeEntry = placement(
  'run-task.other',
  /./,
  'see the failure reason',
  '失敗理由を参照',
  'Read the failure reason and detail in the cause below and the placement constraints / strategy of the state.',
  '下の cause にある失敗理由と詳細、ステートの配置制約 / 配置戦略を確認してください。',
);
