import type { MessageEntry } from './knowledge-entry.js';
import { sources } from './sources.js';

const DESCRIBE = 'aws ecs describe-tasks --cluster {cluster} --tasks {taskArn}';

/**
 * CannotPullContainerError families, most specific first, from "CannotPullContainer task errors in
 * Amazon ECS" and the Fargate knowledge-center article on it.
 */
export const pullErrors: readonly MessageEntry[] = [
  {
    id: 'pull.platform',
    category: 'image_pull',
    source: sources.cannotPull,
    pattern: /no matching manifest for|does not contain descriptor matching platform|exec format error/i,
    en: {
      title: "image of '{container}' has no build for the task's platform",
      explanation:
        'The image exists, but not for the CPU architecture / OS the task runs on (for example an arm64-only image on an X86_64 task).',
      nextSteps: [
        'Compare `runtimePlatform` (cpuArchitecture, operatingSystemFamily) in the task definition with the platforms of the image: `docker buildx imagetools inspect <image>`.',
        'Build and push a multi-platform image (`docker buildx build --platform linux/amd64,linux/arm64 --push`) or change `runtimePlatform`.',
      ],
    },
    ja: {
      title: "'{container}' のイメージにタスクのプラットフォーム用のビルドがない",
      explanation:
        'イメージは存在しますが、タスクが動く CPU アーキテクチャ / OS 向けのものがありません（例: X86_64 のタスクに arm64 専用イメージ）。',
      nextSteps: [
        'タスク定義の `runtimePlatform`（cpuArchitecture、operatingSystemFamily）とイメージの対応プラットフォームを比べてください: `docker buildx imagetools inspect <image>`。',
        'マルチプラットフォームのイメージをビルドして push する（`docker buildx build --platform linux/amd64,linux/arm64 --push`）か、`runtimePlatform` を変更してください。',
      ],
    },
  },
  {
    id: 'pull.rate-limit',
    category: 'image_pull',
    source: sources.cannotPull,
    pattern: /toomanyrequests|pull rate limit|429 Too Many Requests/i,
    en: {
      title: "pulling the image of '{container}' was rate-limited by the registry",
      explanation:
        'The registry (typically Docker Hub for anonymous pulls) refused the pull because too many pulls came from the same address.',
      nextSteps: [
        'Copy the image to Amazon ECR (or use an ECR pull-through cache rule) and point the task definition at it.',
        'Or authenticate the pulls: set `repositoryCredentials` with a Secrets Manager secret for the registry.',
      ],
    },
    ja: {
      title: "'{container}' のイメージ取得がレジストリのレート制限で拒否された",
      explanation:
        '同じアドレスからの pull が多すぎるため、レジストリ（匿名 pull の Docker Hub など）が取得を拒否しました。',
      nextSteps: [
        'イメージを Amazon ECR にコピーし（または ECR のプルスルーキャッシュを使い）、タスク定義の参照先を変えてください。',
        'または pull を認証付きにしてください: レジストリ用の Secrets Manager シークレットを `repositoryCredentials` に設定します。',
      ],
    },
  },
  {
    id: 'pull.access-denied',
    category: 'image_pull',
    source: sources.cannotPull,
    pattern:
      /pull access denied|AccessDenied|not authorized|403 Forbidden|unauthorized|no basic auth credentials|denied: /i,
    en: {
      title: "access denied pulling the image of '{container}'",
      explanation:
        'The registry refused the pull: the task execution role may not read the ECR repository, the registry credentials are wrong, or (Docker Hub\'s "pull access denied … repository does not exist") the repository name is wrong.',
      nextSteps: [
        'Check that the task execution role of {taskDefinition} allows `ecr:GetAuthorizationToken`, `ecr:BatchGetImage` and `ecr:GetDownloadUrlForLayer` (the managed policy AmazonECSTaskExecutionRolePolicy).',
        'For a repository in another account, check its repository policy; for a private registry, check the `repositoryCredentials` secret.',
      ],
    },
    ja: {
      title: "'{container}' のイメージ取得でアクセスが拒否された",
      explanation:
        'レジストリが pull を拒否しました。タスク実行ロールが ECR リポジトリを読めない、レジストリの認証情報が誤っている、または（Docker Hub の「pull access denied … repository does not exist」の場合）リポジトリ名が誤っている可能性があります。',
      nextSteps: [
        '{taskDefinition} のタスク実行ロールに `ecr:GetAuthorizationToken`、`ecr:BatchGetImage`、`ecr:GetDownloadUrlForLayer` があるか確認してください（マネージドポリシー AmazonECSTaskExecutionRolePolicy）。',
        '別アカウントのリポジトリならリポジトリポリシーを、プライベートレジストリなら `repositoryCredentials` のシークレットを確認してください。',
      ],
    },
  },
  {
    id: 'pull.not-found',
    category: 'image_pull',
    source: sources.cannotPull,
    pattern:
      /manifest unknown|manifest for .* not found|not found: manifest|failed to resolve ref.*: not found|repository does not exist|RepositoryNotFoundException|ImageNotFoundException|name unknown/i,
    en: {
      title: "image of '{container}' was not found",
      explanation: 'The repository or the tag in the task definition does not exist in the registry.',
      nextSteps: [
        'Check the `image` of the container in task definition {taskDefinition} for a typo in the repository, tag or region.',
        'List what exists: `aws ecr describe-images --repository-name <repo> --image-ids imageTag=<tag>`; was the tag deleted by a lifecycle policy or never pushed?',
      ],
    },
    ja: {
      title: "'{container}' のイメージが見つからない",
      explanation: 'タスク定義に書かれたリポジトリまたはタグがレジストリに存在しません。',
      nextSteps: [
        'タスク定義 {taskDefinition} のコンテナの `image` に、リポジトリ名・タグ・リージョンの誤りがないか確認してください。',
        '存在するものを確認: `aws ecr describe-images --repository-name <repo> --image-ids imageTag=<tag>`。ライフサイクルポリシーで消えた、または push されていない可能性があります。',
      ],
    },
  },
  {
    id: 'pull.disk-full',
    category: 'task_failed_to_start',
    source: sources.cannotPull,
    pattern: /no space left on device/i,
    en: {
      title: "no disk space to pull the image of '{container}'",
      explanation:
        'The host (or the task ephemeral storage) ran out of space while extracting the image layers.',
      nextSteps: [
        'On Fargate, raise `ephemeralStorage.sizeInGiB` in the task definition; on EC2, enlarge the instance volume or clean unused images (ECS_IMAGE_CLEANUP_INTERVAL).',
        'Make the image smaller (multi-stage build, fewer layers).',
      ],
    },
    ja: {
      title: "'{container}' のイメージを展開するディスク容量が足りない",
      explanation:
        'イメージのレイヤー展開中にホスト（またはタスクのエフェメラルストレージ）の空き容量がなくなりました。',
      nextSteps: [
        'Fargate ならタスク定義の `ephemeralStorage.sizeInGiB` を増やし、EC2 ならインスタンスのボリュームを拡張するか不要なイメージを削除してください（ECS_IMAGE_CLEANUP_INTERVAL）。',
        'イメージを小さくしてください（マルチステージビルド、レイヤー削減）。',
      ],
    },
  },
  {
    id: 'pull.network',
    category: 'network',
    source: sources.fargatePull,
    pattern:
      /CannotPullContainerError[\s\S]*(i\/o timeout|context deadline exceeded|request canceled|RequestCanceled|dial tcp|connection (timed out|refused|reset)|no such host|TLS handshake timeout|send request failed)/i,
    en: {
      title: "the registry for '{container}' could not be reached",
      explanation:
        'The task could not connect to the image registry: the subnet has no route to it (no NAT gateway or public IP, no ECR VPC endpoints) or a security group / NACL blocks HTTPS.',
      nextSteps: [
        'Check the route table of the task subnet: a NAT gateway (private subnet), or `assignPublicIp: ENABLED` with an internet gateway (public subnet).',
        'Without internet access, create VPC endpoints for `ecr.api`, `ecr.dkr` and the S3 gateway endpoint, and allow 443 outbound in the task security group.',
      ],
    },
    ja: {
      title: "'{container}' のレジストリに接続できない",
      explanation:
        'タスクがイメージレジストリに接続できませんでした。サブネットに経路がない（NAT ゲートウェイやパブリック IP、ECR の VPC エンドポイントがない）か、セキュリティグループ / NACL が HTTPS を遮断しています。',
      nextSteps: [
        'タスクのサブネットのルートテーブルを確認してください: プライベートサブネットなら NAT ゲートウェイ、パブリックサブネットなら `assignPublicIp: ENABLED` とインターネットゲートウェイ。',
        'インターネットに出られない構成なら `ecr.api`・`ecr.dkr` の VPC エンドポイントと S3 ゲートウェイエンドポイントを作り、タスクのセキュリティグループで 443 のアウトバウンドを許可してください。',
      ],
    },
  },
  {
    id: 'pull.registry-error',
    category: 'infrastructure',
    source: sources.cannotPull,
    pattern:
      /CannotPullContainerError[\s\S]*(500 Internal Server Error|502 Bad Gateway|503 Service Unavailable)/i,
    en: {
      title: "the registry failed while pulling the image of '{container}'",
      explanation:
        'The registry answered with a server error; the problem is on the registry side, not in the task.',
      nextSteps: [
        'Check the status of the registry (AWS Health Dashboard for ECR, the status page of a third-party registry).',
        'Add a Retry on the state for `States.TaskFailed` with backoff so a transient registry error does not fail the run.',
      ],
    },
    ja: {
      title: "'{container}' のイメージ取得中にレジストリ側でエラーが起きた",
      explanation: 'レジストリがサーバーエラーを返しました。問題はタスクではなくレジストリ側にあります。',
      nextSteps: [
        'レジストリの稼働状況を確認してください（ECR なら AWS Health Dashboard、外部レジストリならそのステータスページ）。',
        '一時的なエラーで失敗しないよう、ステートに `States.TaskFailed` のバックオフ付き Retry を追加してください。',
      ],
    },
  },
  {
    id: 'pull.generic',
    category: 'image_pull',
    source: sources.cannotPull,
    pattern: /CannotPullContainerError/i,
    en: {
      title: "the image of '{container}' could not be pulled",
      explanation: 'ECS could not pull the container image; the reason below has the registry’s own words.',
      nextSteps: [
        `Read the full reason with \`${DESCRIBE}\` (containers[].reason).`,
        'Try the pull yourself with the same image URI and the task execution role’s permissions.',
      ],
    },
    ja: {
      title: "'{container}' のイメージを取得できなかった",
      explanation:
        'ECS がコンテナイメージを取得できませんでした。下の理由にレジストリからのメッセージがあります。',
      nextSteps: [
        `\`${DESCRIBE}\` で理由の全文を確認してください（containers[].reason）。`,
        '同じイメージ URI とタスク実行ロールの権限で、手元から pull を試してください。',
      ],
    },
  },
];
