import type { MessageEntry } from './knowledge-entry.js';
import { sources } from './sources.js';

const UNREACHABLE =
  /(i\/o timeout|context deadline exceeded|request canceled|RequestCanceled|RequestError|dial tcp|connection (timed out|refused|reset)|no such host|TLS handshake timeout|send request failed|signal: killed)/i;

/**
 * ResourceInitializationError families (Fargate platform 1.4.0+), most specific first, from
 * "Troubleshooting Amazon ECS ResourceInitializationError errors" and the knowledge-center article
 * on "unable to pull secrets or registry auth".
 */
export const initErrors: readonly MessageEntry[] = [
  {
    id: 'init.secret-not-allowed',
    category: 'secrets',
    source: sources.unableToPullSecrets,
    pattern:
      /(secrets? from (asm|ssm)|from secrets manager|asm fetching secret|secretsmanager:|ssm:GetParameters)[\s\S]*(AccessDenied|not authorized|KMS|kms:Decrypt)/i,
    en: {
      title: 'the task may not read a secret it needs',
      explanation:
        'Before starting the containers, ECS fetches the `secrets` of the task definition with the task execution role; that role was refused (or the KMS key could not be used).',
      nextSteps: [
        'Give the task execution role of {taskDefinition} `secretsmanager:GetSecretValue` and/or `ssm:GetParameters` on the secret (and `kms:Decrypt` for a customer-managed key).',
        'Check the secret ARN in `containerDefinitions[].secrets[].valueFrom` is the full ARN in the same region.',
      ],
    },
    ja: {
      title: 'タスクが必要なシークレットを読む権限がない',
      explanation:
        'ECS はコンテナ起動前にタスク実行ロールでタスク定義の `secrets` を取得しますが、その取得が拒否されました（または KMS キーを使えませんでした）。',
      nextSteps: [
        '{taskDefinition} のタスク実行ロールに、対象シークレットへの `secretsmanager:GetSecretValue` や `ssm:GetParameters`（カスタマー管理キーなら `kms:Decrypt` も）を付けてください。',
        '`containerDefinitions[].secrets[].valueFrom` のシークレット ARN が、同じリージョンの完全な ARN になっているか確認してください。',
      ],
    },
  },
  {
    id: 'init.secret-missing',
    category: 'secrets',
    source: sources.resourceInit,
    pattern:
      /(secrets? from (asm|ssm)|from secrets manager|asm fetching secret|secretsmanager:|ssm:GetParameters)[\s\S]*(ResourceNotFoundException|ParameterNotFound|invalid parameters?:|can'?t find the specified secret|InvalidParameter|does not exist|not found)/i,
    en: {
      title: 'a secret or parameter the task needs does not exist',
      explanation:
        'A `secrets[].valueFrom` of the task definition names a Secrets Manager secret, a JSON key, a version or an SSM parameter that does not exist.',
      nextSteps: [
        'Compare each `valueFrom` of {taskDefinition} with what exists: `aws secretsmanager describe-secret --secret-id <arn>` / `aws ssm get-parameters --names <name>`.',
        'A secret referenced with a JSON key or version (`arn:...:secret:name-AbCdEf:key::`) needs that key and version to exist.',
      ],
    },
    ja: {
      title: 'タスクが必要とするシークレットまたはパラメータが存在しない',
      explanation:
        'タスク定義の `secrets[].valueFrom` が、存在しない Secrets Manager のシークレット・JSON キー・バージョン、または SSM パラメータを指しています。',
      nextSteps: [
        '{taskDefinition} の各 `valueFrom` を実在するものと照合してください: `aws secretsmanager describe-secret --secret-id <arn>` / `aws ssm get-parameters --names <name>`。',
        'JSON キーやバージョン付きの参照（`arn:...:secret:name-AbCdEf:key::`）では、そのキーとバージョンが存在する必要があります。',
      ],
    },
  },
  {
    id: 'init.log-group-missing',
    category: 'resource_initialization',
    source: sources.resourceInit,
    pattern: /(logger|log stream|logging driver)[\s\S]*(log group does not exist|ResourceNotFoundException)/i,
    en: {
      title: 'the CloudWatch Logs log group of the task does not exist',
      explanation:
        'The `awslogs` log driver of a container names a log group that does not exist, so ECS could not create the log stream.',
      nextSteps: [
        'Create the log group named in `logConfiguration.options.awslogs-group` of {taskDefinition}, or set `awslogs-create-group: true` (and allow `logs:CreateLogGroup` to the task execution role).',
        'Check `awslogs-region` points to the region where the group exists.',
      ],
    },
    ja: {
      title: 'タスクの CloudWatch Logs ロググループが存在しない',
      explanation:
        'コンテナの `awslogs` ログドライバーが存在しないロググループを指しているため、ECS がログストリームを作成できませんでした。',
      nextSteps: [
        '{taskDefinition} の `logConfiguration.options.awslogs-group` のロググループを作成するか、`awslogs-create-group: true` を設定してください（タスク実行ロールに `logs:CreateLogGroup` も必要）。',
        '`awslogs-region` がロググループのあるリージョンを指しているか確認してください。',
      ],
    },
  },
  {
    id: 'init.unreachable',
    category: 'network',
    source: sources.unableToPullSecrets,
    pattern: new RegExp(
      `(ResourceInitializationError|unable to pull secrets or registry auth|failed to validate logger args)[\\s\\S]*${UNREACHABLE.source}`,
      'i',
    ),
    en: {
      title: 'an AWS endpoint the task needs at start could not be reached',
      explanation:
        'Before starting the containers, ECS calls ECR (registry auth), Secrets Manager / SSM (secrets) and CloudWatch Logs from the task network; the call timed out, so the subnet has no route to them.',
      nextSteps: [
        'Check the task subnet has a route out: a NAT gateway, or `assignPublicIp: ENABLED` in a public subnet; and that DNS resolution is enabled in the VPC.',
        'In a private VPC, add interface endpoints for `ecr.api`, `ecr.dkr`, `secretsmanager`, `ssm`, `logs` and the S3 gateway endpoint, and allow 443 outbound in the security group.',
      ],
    },
    ja: {
      title: 'タスク起動時に必要な AWS エンドポイントに接続できない',
      explanation:
        'ECS はコンテナ起動前にタスクのネットワークから ECR（レジストリ認証）、Secrets Manager / SSM（シークレット）、CloudWatch Logs を呼び出しますが、タイムアウトしました。サブネットからそれらへの経路がありません。',
      nextSteps: [
        'タスクのサブネットに外への経路があるか確認してください: NAT ゲートウェイ、またはパブリックサブネットで `assignPublicIp: ENABLED`。VPC の DNS 解決が有効かも確認してください。',
        'プライベートな VPC なら `ecr.api`・`ecr.dkr`・`secretsmanager`・`ssm`・`logs` のインターフェースエンドポイントと S3 ゲートウェイエンドポイントを追加し、セキュリティグループで 443 のアウトバウンドを許可してください。',
      ],
    },
  },
  {
    id: 'init.registry-auth',
    category: 'image_pull',
    source: sources.resourceInit,
    pattern: /unable to retrieve ecr registry auth|registry auth[\s\S]*(AccessDenied|not authorized)/i,
    en: {
      title: 'the task could not get ECR credentials',
      explanation: 'ECS could not obtain an ECR authorization token with the task execution role.',
      nextSteps: [
        'Check the task execution role of {taskDefinition} allows `ecr:GetAuthorizationToken` (AmazonECSTaskExecutionRolePolicy).',
        'Check the role’s trust policy allows `ecs-tasks.amazonaws.com` to assume it.',
      ],
    },
    ja: {
      title: 'タスクが ECR の認証情報を取得できなかった',
      explanation: 'タスク実行ロールで ECR の認可トークンを取得できませんでした。',
      nextSteps: [
        '{taskDefinition} のタスク実行ロールに `ecr:GetAuthorizationToken` があるか確認してください（AmazonECSTaskExecutionRolePolicy）。',
        'ロールの信頼ポリシーで `ecs-tasks.amazonaws.com` が引き受けられるか確認してください。',
      ],
    },
  },
  {
    id: 'init.env-files',
    category: 'resource_initialization',
    source: sources.resourceInit,
    pattern:
      /failed to (download|fetch) env files|environment ?files?[\s\S]*(AccessDenied|NoSuchKey|NoSuchBucket)/i,
    en: {
      title: 'the environment files of the task could not be read from S3',
      explanation:
        'A container lists `environmentFiles` in S3 that the task execution role cannot read or that do not exist.',
      nextSteps: [
        'Check each `environmentFiles[].value` of {taskDefinition} exists (`aws s3 ls <s3 uri>`).',
        'Give the task execution role `s3:GetObject` on the object and `s3:GetBucketLocation` on the bucket.',
      ],
    },
    ja: {
      title: 'タスクの環境変数ファイルを S3 から読めなかった',
      explanation:
        'コンテナの `environmentFiles` に指定された S3 オブジェクトが存在しないか、タスク実行ロールで読めません。',
      nextSteps: [
        '{taskDefinition} の各 `environmentFiles[].value` が存在するか確認してください（`aws s3 ls <s3 uri>`）。',
        'タスク実行ロールにオブジェクトへの `s3:GetObject` とバケットへの `s3:GetBucketLocation` を付けてください。',
      ],
    },
  },
  {
    id: 'init.logger',
    category: 'resource_initialization',
    source: sources.resourceInit,
    pattern: /failed to (validate logger args|initialize logging driver)/i,
    en: {
      title: 'the log driver of the task could not be set up',
      explanation: 'ECS could not initialise the container log driver (awslogs / FireLens) with its options.',
      nextSteps: [
        'Check `logConfiguration` of {taskDefinition}: the group, region and stream prefix, and that the task execution role allows `logs:CreateLogStream` and `logs:PutLogEvents`.',
      ],
    },
    ja: {
      title: 'タスクのログドライバーを準備できなかった',
      explanation: 'ECS がコンテナのログドライバー（awslogs / FireLens）をその設定で初期化できませんでした。',
      nextSteps: [
        '{taskDefinition} の `logConfiguration`（ロググループ、リージョン、ストリームプレフィックス）と、タスク実行ロールの `logs:CreateLogStream`・`logs:PutLogEvents` を確認してください。',
      ],
    },
  },
  {
    id: 'init.generic',
    category: 'resource_initialization',
    source: sources.resourceInit,
    pattern: /ResourceInitializationError/i,
    en: {
      title: 'the resources of the task could not be prepared',
      explanation:
        'The Fargate agent failed to create or bootstrap what the task needs before its containers start (network, secrets, logs, volumes). A common cause is a VPC without DNS resolution.',
      nextSteps: [
        'Read the full reason with `aws ecs describe-tasks --cluster {cluster} --tasks {taskArn}` (stoppedReason).',
        'Run the AWS Systems Manager runbook AWSSupport-TroubleshootECSTaskFailedToStart on the task.',
      ],
    },
    ja: {
      title: 'タスクのリソースを準備できなかった',
      explanation:
        'Fargate エージェントが、コンテナ起動前に必要なもの（ネットワーク、シークレット、ログ、ボリューム）の作成・準備に失敗しました。よくある原因は DNS 解決が無効な VPC です。',
      nextSteps: [
        '`aws ecs describe-tasks --cluster {cluster} --tasks {taskArn}` で理由の全文を確認してください（stoppedReason）。',
        'Systems Manager のランブック AWSSupport-TroubleshootECSTaskFailedToStart をこのタスクに対して実行してください。',
      ],
    },
  },
];
