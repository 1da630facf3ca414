import type { MessageEntry } from './knowledge-entry.js';
import { networkSteps, UNREACHABLE, unreachableEntry } from './network-steps.js';
import { sources } from './sources.js';

const INIT =
  'ResourceInitializationError|unable to pull secrets or registry auth|failed to (validate logger args|initialize logging driver)';
const unreachableVia = (cue: string) =>
  new RegExp(
    `(${INIT})[\\s\\S]*(${cue})[\\s\\S]*${UNREACHABLE.source}|(${INIT})[\\s\\S]*${UNREACHABLE.source}[\\s\\S]*(${cue})`,
    'i',
  );
const SECRETS_MANAGER = 'from asm|secrets manager|secretsmanager|asm fetching|registry auth from asm';
const SSM = 'from ssm|ssm:GetParameters|ssm\\.';
const DENIED = 'AccessDenied|not authorized|is not authorized to perform';

/**
 * ResourceInitializationError families (Fargate platform 1.4.0+), most specific first, from
 * "Troubleshooting Amazon ECS ResourceInitializationError errors" and the knowledge-center article
 * on "unable to pull secrets or registry auth". Each names what it could read from the message:
 * the endpoint, the secret or parameter, the KMS key, the log group.
 */
export const initErrors: readonly MessageEntry[] = [
  unreachableEntry({
    id: 'init.unreachable-secrets-manager',
    source: sources.unableToPullSecrets,
    pattern: unreachableVia(SECRETS_MANAGER),
    en: {
      name: 'Secrets Manager',
      what: 'Before starting the containers, ECS reads the `secrets` (or `repositoryCredentials`) of {taskDefinition} from Secrets Manager[[ ({secret})||]] over the task network.',
      specific: [
        networkSteps.en.interfaceEndpoint('secretsmanager'),
        'If the secret is encrypted with a customer-managed KMS key, the task also needs to reach AWS KMS (`kms` endpoint).',
      ],
    },
    ja: {
      name: 'Secrets Manager',
      what: 'ECS はコンテナ起動前に、{taskDefinition} の `secrets`（または `repositoryCredentials`）をタスクのネットワーク経由で Secrets Manager から読みます[[（{secret}）||]]。',
      specific: [
        networkSteps.ja.interfaceEndpoint('secretsmanager'),
        'シークレットがカスタマー管理の KMS キーで暗号化されている場合は、AWS KMS（`kms` エンドポイント）にも到達できる必要があります。',
      ],
    },
  }),
  unreachableEntry({
    id: 'init.unreachable-ssm',
    source: sources.unableToPullSecrets,
    pattern: unreachableVia(SSM),
    en: {
      name: 'SSM Parameter Store',
      what: 'Before starting the containers, ECS reads the `secrets` of {taskDefinition} that point to SSM parameters[[ ({parameter})||]] over the task network.',
      specific: [networkSteps.en.interfaceEndpoint('ssm')],
    },
    ja: {
      name: 'SSM パラメータストア',
      what: 'ECS はコンテナ起動前に、{taskDefinition} の `secrets` が指す SSM パラメータ[[（{parameter}）||]]をタスクのネットワーク経由で読みます。',
      specific: [networkSteps.ja.interfaceEndpoint('ssm')],
    },
  }),
  unreachableEntry({
    id: 'init.unreachable-ecr-api',
    source: sources.unableToPullSecrets,
    pattern: unreachableVia('ecr registry auth|api\\.ecr\\.'),
    en: {
      name: 'the ECR API',
      what: 'Before pulling the image, ECS gets an ECR authorization token from the ECR API (`ecr:GetAuthorizationToken`) over the task network.',
      specific: [
        networkSteps.en.interfaceEndpoint('ecr.api'),
        'The pull that follows also needs `ecr.dkr` and the S3 gateway endpoint (image layers are served from S3).',
      ],
    },
    ja: {
      name: 'ECR API',
      what: 'ECS はイメージ取得の前に、タスクのネットワーク経由で ECR API から認可トークンを取得します（`ecr:GetAuthorizationToken`）。',
      specific: [
        networkSteps.ja.interfaceEndpoint('ecr.api'),
        '続く pull には `ecr.dkr` と S3 ゲートウェイエンドポイントも必要です（イメージのレイヤーは S3 から配信されます）。',
      ],
    },
  }),
  unreachableEntry({
    id: 'init.unreachable-logs',
    source: sources.resourceInit,
    pattern: unreachableVia('logger|logging driver|logs\\.'),
    en: {
      name: 'CloudWatch Logs',
      what: 'Before starting the containers, ECS sets up the `awslogs` log driver[[ for log group {logGroup}||]], which calls CloudWatch Logs over the task network.',
      specific: [networkSteps.en.interfaceEndpoint('logs')],
    },
    ja: {
      name: 'CloudWatch Logs',
      what: 'ECS はコンテナ起動前に `awslogs` ログドライバー[[（ロググループ {logGroup}）||]]を準備し、タスクのネットワーク経由で CloudWatch Logs を呼び出します。',
      specific: [networkSteps.ja.interfaceEndpoint('logs')],
    },
  }),
  {
    id: 'init.kms-denied',
    category: 'secrets',
    source: sources.unableToPullSecrets,
    pattern: new RegExp(
      `(${SECRETS_MANAGER}|${SSM})[\\s\\S]*(kms:Decrypt|KMSAccessDenied|AccessDeniedException[\\s\\S]*\\bKMS\\b|DecryptionFailure)`,
      'i',
    ),
    en: {
      title: 'the task may not decrypt [[secret {secret}||its secret]] with its KMS key',
      explanation:
        'ECS fetched the secret with the task execution role, but the value is encrypted with a customer-managed KMS key[[ ({kmsKey})||]] that the role may not use (`kms:Decrypt` denied by the role or the key policy).',
      nextSteps: [
        'Allow `kms:Decrypt` on [[`{kmsKey}`||the key that encrypts the secret]] to the task execution role of {taskDefinition}.',
        'Check the key policy lets the account (or the role) use the key, and that the key is enabled.',
      ],
    },
    ja: {
      title: 'タスクが KMS キーで[[シークレット {secret} ||シークレット]]を復号できない',
      explanation:
        'ECS はタスク実行ロールでシークレットを取得しましたが、値を暗号化しているカスタマー管理の KMS キー[[（{kmsKey}）||]]をそのロールが使えません（ロールまたはキーポリシーで `kms:Decrypt` が拒否）。',
      nextSteps: [
        '{taskDefinition} のタスク実行ロールに、[[`{kmsKey}`||シークレットを暗号化しているキー]]への `kms:Decrypt` を許可してください。',
        'キーポリシーがアカウント（またはロール）にキーの使用を許可しているか、キーが有効か確認してください。',
      ],
    },
  },
  {
    id: 'init.ssm-denied',
    category: 'secrets',
    source: sources.unableToPullSecrets,
    pattern: new RegExp(`(${SSM})[\\s\\S]*(${DENIED})`, 'i'),
    en: {
      title: 'the task may not read SSM parameter[[ {parameter}||s it needs]]',
      explanation:
        'Before starting the containers, ECS reads the `secrets` of {taskDefinition} that point to SSM Parameter Store with the task execution role; `ssm:GetParameters` was denied.',
      nextSteps: [
        'Allow `ssm:GetParameters` on [[`{parameter}`||each parameter in `secrets[].valueFrom`]] to the task execution role of {taskDefinition} (and `kms:Decrypt` for a SecureString with a customer-managed key).',
      ],
    },
    ja: {
      title: 'タスクが SSM パラメータ[[ {parameter}||]]を読む権限がない',
      explanation:
        'ECS はコンテナ起動前に、{taskDefinition} の `secrets` が指す SSM パラメータストアの値をタスク実行ロールで読みますが、`ssm:GetParameters` が拒否されました。',
      nextSteps: [
        '{taskDefinition} のタスク実行ロールに、[[`{parameter}`||`secrets[].valueFrom` の各パラメータ]]への `ssm:GetParameters` を許可してください（カスタマー管理キーの SecureString なら `kms:Decrypt` も）。',
      ],
    },
  },
  {
    id: 'init.secret-not-allowed',
    category: 'secrets',
    source: sources.unableToPullSecrets,
    pattern: new RegExp(`(${SECRETS_MANAGER}|secrets? from)[\\s\\S]*(${DENIED})`, 'i'),
    en: {
      title: 'the task may not read secret[[ {secret}||s it needs from Secrets Manager]]',
      explanation:
        'Before starting the containers, ECS fetches the `secrets` (or `repositoryCredentials`) of {taskDefinition} from Secrets Manager with the task execution role; `secretsmanager:GetSecretValue` was denied.',
      nextSteps: [
        'Allow `secretsmanager:GetSecretValue` on [[`{secret}`||the secret]] to the task execution role of {taskDefinition}; a resource policy on the secret must not deny it.',
        'Reference the secret by its full ARN in the same region as the task (`containerDefinitions[].secrets[].valueFrom`).',
      ],
    },
    ja: {
      title: 'タスクが Secrets Manager のシークレット[[ {secret}||]]を読む権限がない',
      explanation:
        'ECS はコンテナ起動前に、{taskDefinition} の `secrets`（または `repositoryCredentials`）をタスク実行ロールで Secrets Manager から取得しますが、`secretsmanager:GetSecretValue` が拒否されました。',
      nextSteps: [
        '{taskDefinition} のタスク実行ロールに、[[`{secret}`||対象シークレット]]への `secretsmanager:GetSecretValue` を許可してください。シークレットのリソースポリシーで拒否していないかも確認してください。',
        'シークレットはタスクと同じリージョンの完全な ARN で参照してください（`containerDefinitions[].secrets[].valueFrom`）。',
      ],
    },
  },
  {
    id: 'init.secret-version-invalid',
    category: 'secrets',
    source: sources.unableToPullSecrets,
    pattern: /InvalidParameter[\s\S]*VersionId|GetSecretValueInput\.Version(Id|Stage)/i,
    en: {
      title: 'the reference to secret[[ {secret}||]] has an invalid version',
      explanation:
        'The `valueFrom` of a secret in {taskDefinition} names a version id or stage that is not valid (a version id is 32 to 64 characters), so Secrets Manager rejected the request.',
      nextSteps: [
        'Write the reference as `arn:aws:secretsmanager:region:account:secret:name-AbCdEf:json-key:version-stage:version-id`, leaving unused parts empty (`…:json-key::`).',
        'List the versions that exist: [[`aws secretsmanager list-secret-version-ids --secret-id {secret}`||`aws secretsmanager list-secret-version-ids` for the secret]].',
      ],
    },
    ja: {
      title: 'シークレット[[ {secret} ||]]の参照のバージョン指定が不正',
      explanation:
        '{taskDefinition} のシークレットの `valueFrom` が不正なバージョン ID またはステージを指しているため（バージョン ID は 32〜64 文字）、Secrets Manager がリクエストを拒否しました。',
      nextSteps: [
        '参照は `arn:aws:secretsmanager:region:account:secret:name-AbCdEf:json-key:version-stage:version-id` の形で書き、使わない部分は空にしてください（`…:json-key::`）。',
        '存在するバージョンを確認してください: [[`aws secretsmanager list-secret-version-ids --secret-id {secret}`||シークレットに対する `aws secretsmanager list-secret-version-ids`]]。',
      ],
    },
  },
  {
    id: 'init.ssm-parameter-missing',
    category: 'secrets',
    source: sources.resourceInit,
    pattern: new RegExp(`(${SSM})[\\s\\S]*(ParameterNotFound|invalid parameters?:|does not exist)`, 'i'),
    en: {
      title: 'SSM parameter[[ {parameter}||]] does not exist',
      explanation:
        'A `secrets[].valueFrom` of {taskDefinition} names an SSM Parameter Store parameter that does not exist (in this account and region).',
      nextSteps: [
        'Check the name: [[`aws ssm get-parameters --names {parameter}`||`aws ssm get-parameters --names` with each `valueFrom`]] (a parameter in another region or account must be referenced by its full ARN).',
        'Create the parameter, or fix the name in {taskDefinition} and register a new revision.',
      ],
    },
    ja: {
      title: 'SSM パラメータ[[ {parameter} ||]]が存在しない',
      explanation:
        '{taskDefinition} の `secrets[].valueFrom` が、（このアカウントとリージョンに）存在しない SSM パラメータストアのパラメータを指しています。',
      nextSteps: [
        '名前を確認してください: [[`aws ssm get-parameters --names {parameter}`||各 `valueFrom` に対する `aws ssm get-parameters --names`]]（別リージョン・別アカウントのパラメータは完全な ARN で参照が必要です）。',
        'パラメータを作成するか、{taskDefinition} の名前を直して新しいリビジョンを登録してください。',
      ],
    },
  },
  {
    id: 'init.secret-missing',
    category: 'secrets',
    source: sources.resourceInit,
    pattern: new RegExp(
      `(${SECRETS_MANAGER}|secrets? from)[\\s\\S]*(ResourceNotFoundException|can'?t find the specified secret|does not exist|not found)`,
      'i',
    ),
    en: {
      title: 'secret[[ {secret}||]] does not exist in Secrets Manager',
      explanation:
        'A `secrets[].valueFrom` (or `repositoryCredentials`) of {taskDefinition} names a Secrets Manager secret, JSON key or version that does not exist in this account and region.',
      nextSteps: [
        'Check it: [[`aws secretsmanager describe-secret --secret-id {secret}`||`aws secretsmanager describe-secret --secret-id` with the ARN from `valueFrom`]]; a secret scheduled for deletion is not readable either.',
        'A reference with a JSON key or version (`…:secret:name-AbCdEf:key::`) needs that key and version to exist.',
      ],
    },
    ja: {
      title: 'Secrets Manager にシークレット[[ {secret} ||]]が存在しない',
      explanation:
        '{taskDefinition} の `secrets[].valueFrom`（または `repositoryCredentials`）が、このアカウントとリージョンに存在しない Secrets Manager のシークレット・JSON キー・バージョンを指しています。',
      nextSteps: [
        '確認してください: [[`aws secretsmanager describe-secret --secret-id {secret}`||`valueFrom` の ARN に対する `aws secretsmanager describe-secret --secret-id`]]。削除予定のシークレットも読めません。',
        'JSON キーやバージョン付きの参照（`…:secret:name-AbCdEf:key::`）では、そのキーとバージョンが存在する必要があります。',
      ],
    },
  },
  {
    id: 'init.log-group-missing',
    category: 'resource_initialization',
    source: sources.resourceInit,
    pattern: /(logger|log stream|logging driver)[\s\S]*(log group does not exist|ResourceNotFoundException)/i,
    en: {
      title: 'the CloudWatch Logs log group[[ {logGroup}||]] of the task does not exist',
      explanation:
        'The `awslogs` log driver of a container names a log group that does not exist, so ECS could not create the log stream.',
      nextSteps: [
        'Create the log group named in `logConfiguration.options.awslogs-group` of {taskDefinition}, or set `awslogs-create-group: true` (and allow `logs:CreateLogGroup` to the task execution role).',
        'Check `awslogs-region` points to the region where the group exists.',
      ],
    },
    ja: {
      title: 'タスクの CloudWatch Logs ロググループ[[ {logGroup} ||]]が存在しない',
      explanation:
        'コンテナの `awslogs` ログドライバーが存在しないロググループを指しているため、ECS がログストリームを作成できませんでした。',
      nextSteps: [
        '{taskDefinition} の `logConfiguration.options.awslogs-group` のロググループを作成するか、`awslogs-create-group: true` を設定してください（タスク実行ロールに `logs:CreateLogGroup` も必要）。',
        '`awslogs-region` がロググループのあるリージョンを指しているか確認してください。',
      ],
    },
  },
  {
    id: 'init.registry-auth',
    category: 'permissions',
    source: sources.resourceInit,
    pattern: new RegExp(`(ecr registry auth|registry auth)[\\s\\S]*(${DENIED})`, 'i'),
    en: {
      title: 'the task execution role may not get an ECR authorization token',
      explanation:
        'ECS could not obtain an ECR authorization token with the task execution role of {taskDefinition}.',
      nextSteps: [
        'Allow `ecr:GetAuthorizationToken` (on `*`), `ecr:BatchGetImage` and `ecr:GetDownloadUrlForLayer` to the task execution role (AmazonECSTaskExecutionRolePolicy has them).',
        'Check the role’s trust policy lets `ecs-tasks.amazonaws.com` assume it.',
      ],
    },
    ja: {
      title: 'タスク実行ロールが ECR の認可トークンを取得できない',
      explanation: '{taskDefinition} のタスク実行ロールで ECR の認可トークンを取得できませんでした。',
      nextSteps: [
        'タスク実行ロールに `ecr:GetAuthorizationToken`（`*` に対して）、`ecr:BatchGetImage`、`ecr:GetDownloadUrlForLayer` を許可してください（AmazonECSTaskExecutionRolePolicy に含まれます）。',
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
        'Check each `environmentFiles[].value` of {taskDefinition} exists (`aws s3 ls` with its S3 URI).',
        'Give the task execution role `s3:GetObject` on the object and `s3:GetBucketLocation` on the bucket.',
      ],
    },
    ja: {
      title: 'タスクの環境変数ファイルを S3 から読めなかった',
      explanation:
        'コンテナの `environmentFiles` に指定された S3 オブジェクトが存在しないか、タスク実行ロールで読めません。',
      nextSteps: [
        '{taskDefinition} の各 `environmentFiles[].value` が存在するか、その S3 URI で `aws s3 ls` を実行して確認してください。',
        'タスク実行ロールにオブジェクトへの `s3:GetObject` とバケットへの `s3:GetBucketLocation` を付けてください。',
      ],
    },
  },
  {
    id: 'init.logger',
    category: 'resource_initialization',
    source: sources.stoppedTaskErrors,
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
    id: 'init.secret-unreadable',
    category: 'secrets',
    source: sources.unableToPullSecrets,
    pattern: new RegExp(
      `unable to (retrieve|pull) secrets?[\\s\\S]*(${SECRETS_MANAGER}|${SSM})|failed to fetch secret`,
      'i',
    ),
    en: {
      title: 'the task could not read its secrets[[ ({secret})||]]',
      explanation:
        'ECS retried reading the `secrets` of {taskDefinition} and gave up; the message does not say whether the call was refused or never answered.',
      nextSteps: [
        'Read the full reason (`stoppedReason`): an AccessDenied means a permission of the task execution role, a timeout means the network path.',
        'Run the AWS Systems Manager runbook AWSSupport-TroubleshootECSTaskFailedToStart on a task that fails this way.',
      ],
    },
    ja: {
      title: 'タスクがシークレット[[（{secret}）||]]を読めなかった',
      explanation:
        'ECS は {taskDefinition} の `secrets` の読み取りを再試行したうえで諦めました。メッセージからは、拒否されたのか応答がなかったのかは分かりません。',
      nextSteps: [
        '理由の全文（`stoppedReason`）を確認してください。AccessDenied ならタスク実行ロールの権限、タイムアウトならネットワーク経路の問題です。',
        'この失敗をしたタスクに対して Systems Manager のランブック AWSSupport-TroubleshootECSTaskFailedToStart を実行してください。',
      ],
    },
  },
  unreachableEntry({
    id: 'init.unreachable',
    source: sources.unableToPullSecrets,
    pattern: new RegExp(`(${INIT})[\\s\\S]*${UNREACHABLE.source}`, 'i'),
    en: {
      name: '[[{endpoint}||an AWS endpoint the task needs at start]]',
      what: 'Before starting the containers, ECS calls ECR (registry auth), Secrets Manager / SSM (secrets) and CloudWatch Logs from the task network.',
      specific: [
        'Without a route to the internet, the VPC needs interface endpoints for what the task uses at start: `ecr.api`, `ecr.dkr`, `secretsmanager`, `ssm`, `logs`, and the S3 gateway endpoint.',
      ],
    },
    ja: {
      name: '[[{endpoint}||起動時に必要な AWS エンドポイント]]',
      what: 'ECS はコンテナ起動前に、タスクのネットワークから ECR（レジストリ認証）、Secrets Manager / SSM（シークレット）、CloudWatch Logs を呼び出します。',
      specific: [
        'インターネットへの経路がない構成では、起動時に使うもののインターフェースエンドポイント（`ecr.api`・`ecr.dkr`・`secretsmanager`・`ssm`・`logs`）と S3 ゲートウェイエンドポイントが必要です。',
      ],
    },
  }),
  {
    id: 'init.generic',
    category: 'resource_initialization',
    source: sources.stoppedTaskErrors,
    pattern: /ResourceInitializationError/i,
    en: {
      title: 'the resources of the task could not be prepared',
      explanation:
        'The Fargate agent failed to create or bootstrap what the task needs before its containers start (network, secrets, logs, volumes); the reason below says which. A common cause is a VPC without DNS resolution.',
      nextSteps: [
        'Read the full reason[[ with `aws ecs describe-tasks --cluster {cluster} --tasks {taskArn}`||]] (stoppedReason; kept about an hour after the stop).',
        'Run the AWS Systems Manager runbook AWSSupport-TroubleshootECSTaskFailedToStart on the task.',
      ],
    },
    ja: {
      title: 'タスクのリソースを準備できなかった',
      explanation:
        'Fargate エージェントが、コンテナ起動前に必要なもの（ネットワーク、シークレット、ログ、ボリューム）の作成・準備に失敗しました。どれかは下の理由に書かれています。よくある原因は DNS 解決が無効な VPC です。',
      nextSteps: [
        '[[`aws ecs describe-tasks --cluster {cluster} --tasks {taskArn}` で||]]理由の全文を確認してください（stoppedReason。停止後およそ 1 時間保持されます）。',
        'Systems Manager のランブック AWSSupport-TroubleshootECSTaskFailedToStart をこのタスクに対して実行してください。',
      ],
    },
  },
];
