import type { MessageEntry } from './knowledge-entry.js';
import { networkSteps, UNREACHABLE, unreachableEntry } from './network-steps.js';
import { sources } from './sources.js';

const PULL = 'CannotPullContainerError|pull image|ref pull|failed to resolve ref|pull access denied';
const pullThen = (what: string) => new RegExp(`(${PULL})[\\s\\S]*(${what})`, 'i');

/**
 * CannotPullContainerError families, most specific first, from "CannotPullContainer task errors in
 * Amazon ECS" and the Fargate knowledge-center article on it. The texts name the image and its
 * registry (Docker Hub, Amazon ECR, another registry) as the message or the task gives them.
 */
export const pullErrors: readonly MessageEntry[] = [
  {
    id: 'pull.platform',
    category: 'image_pull',
    source: sources.cannotPull,
    pattern: /no matching manifest for|does not contain descriptor matching platform/i,
    en: {
      title: "image [[{image}||of container '{container}']] has no build for the task's platform",
      explanation:
        'The image exists on [[{registry}||its registry]], but not for the CPU architecture / OS the task runs on (for example an arm64-only image on an X86_64 task).',
      nextSteps: [
        'Compare `runtimePlatform` (cpuArchitecture, operatingSystemFamily) of {taskDefinition} with the platforms of the image: [[`docker buildx imagetools inspect {image}`||`docker buildx imagetools inspect` on the image]].',
        'Build and push a multi-platform image (`docker buildx build --platform linux/amd64,linux/arm64 --push`) or change `runtimePlatform`.',
      ],
    },
    ja: {
      title: "イメージ[[ {image} ||（コンテナ '{container}'）]]にタスクのプラットフォーム用のビルドがない",
      explanation:
        'イメージは[[ {registry} に||]]存在しますが、タスクが動く CPU アーキテクチャ / OS 向けのものがありません（例: X86_64 のタスクに arm64 専用イメージ）。',
      nextSteps: [
        '{taskDefinition} の `runtimePlatform`（cpuArchitecture、operatingSystemFamily）とイメージの対応プラットフォームを比べてください: [[`docker buildx imagetools inspect {image}`||イメージに対する `docker buildx imagetools inspect`]]。',
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
      title: 'pulling [[{image}||the image]] was rate-limited by [[{registry}||the registry]]',
      explanation:
        'The registry refused the pull because too many pulls came from the same address (Docker Hub limits anonymous and free pulls per source IP; a NAT gateway shares one address for every task).',
      nextSteps: [
        'Copy the image to Amazon ECR (or create an ECR pull-through cache rule for the registry) and point {taskDefinition} at it.',
        'Or authenticate the pulls: `repositoryCredentials` with a Secrets Manager secret holding the registry login.',
      ],
    },
    ja: {
      title: '[[{registry}||レジストリ]]のレート制限で[[ {image} の||イメージの]]取得が拒否された',
      explanation:
        '同じアドレスからの pull が多すぎるため、レジストリが取得を拒否しました（Docker Hub は送信元 IP ごとに匿名・無料の pull 回数を制限しており、NAT ゲートウェイでは全タスクが 1 つのアドレスを共有します）。',
      nextSteps: [
        'イメージを Amazon ECR にコピーし（またはレジストリ用の ECR プルスルーキャッシュルールを作り）、{taskDefinition} の参照先を変えてください。',
        'または pull を認証付きにしてください: レジストリのログイン情報を持つ Secrets Manager シークレットを `repositoryCredentials` に設定します。',
      ],
    },
  },
  {
    id: 'pull.host-storage',
    category: 'infrastructure',
    source: sources.cannotCreateContainer,
    pattern:
      /failed to register layer|devmapper|Thin Pool|error creating overlay mount|failed to extract layer/i,
    en: {
      title: 'the container host could not store the layers of [[{image}||the image]]',
      explanation:
        'The image was downloaded, but the host’s container storage (Docker / containerd: overlay, devicemapper thin pool) failed to register its layers. The registry and the image are fine; the instance is broken or full.',
      nextSteps: [
        'On EC2, drain the container instance[[ {instance}||]] (`aws ecs update-container-instances-state --status DRAINING`) and replace it; check `docker info` and the free space of the Docker volume before reusing it.',
        'Clean stopped containers and unused images sooner (`ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION`, `ECS_IMAGE_CLEANUP_INTERVAL`) or give the instances a larger data volume.',
      ],
    },
    ja: {
      title: 'コンテナホストが[[ {image} の||イメージの]]レイヤーを保存できなかった',
      explanation:
        'イメージはダウンロードされましたが、ホストのコンテナストレージ（Docker / containerd の overlay、devicemapper シンプール）がレイヤーを登録できませんでした。レジストリとイメージは正常で、インスタンスが壊れているか満杯です。',
      nextSteps: [
        'EC2 ならコンテナインスタンス[[ {instance} ||]]をドレインし（`aws ecs update-container-instances-state --status DRAINING`）、入れ替えてください。再利用する前に `docker info` と Docker ボリュームの空き容量を確認してください。',
        '停止コンテナと未使用イメージを早めに削除する（`ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION`、`ECS_IMAGE_CLEANUP_INTERVAL`）か、インスタンスのデータボリュームを大きくしてください。',
      ],
    },
  },
  {
    id: 'pull.disk-full',
    category: 'infrastructure',
    source: sources.cannotPull,
    pattern: /no space left on device/i,
    en: {
      title: 'no disk space left to pull [[{image}||the image]]',
      explanation:
        'The host (or the task’s ephemeral storage on Fargate) ran out of space while writing the image layers; often a container log without `max-size` or old images fill the volume.',
      nextSteps: [
        'On EC2, drain the container instance[[ {instance}||]] and free or enlarge its volume (`du -Sh / | sort -rh | head -20` shows what fills it); set `max-size` on `json-file` logs or use `awslogs`.',
        'On Fargate, raise `ephemeralStorage.sizeInGiB` of {taskDefinition} or make the image smaller.',
      ],
    },
    ja: {
      title: '[[{image} を||イメージを]]取得するディスク容量が残っていない',
      explanation:
        'イメージのレイヤー書き込み中に、ホスト（Fargate ではタスクのエフェメラルストレージ）の空き容量がなくなりました。`max-size` のないコンテナログや古いイメージがボリュームを埋めていることがよくあります。',
      nextSteps: [
        'EC2 ならコンテナインスタンス[[ {instance} ||]]をドレインし、ボリュームを空けるか拡張してください（`du -Sh / | sort -rh | head -20` で何が埋めているか分かります）。`json-file` ログに `max-size` を設定するか `awslogs` を使ってください。',
        'Fargate なら {taskDefinition} の `ephemeralStorage.sizeInGiB` を増やすか、イメージを小さくしてください。',
      ],
    },
  },
  {
    id: 'pull.docker-hub-denied',
    category: 'image_pull',
    source: sources.cannotPull,
    pattern: /pull access denied for|repository does not exist or may require 'docker login'/i,
    en: {
      title:
        "image [[{image}||of container '{container}']] does not exist on [[{registry}||its registry]] or needs a login",
      explanation:
        'The registry answered that the repository does not exist or is private. This is not an ECR permission problem: the image name, its tag, or the registry credentials are wrong.',
      nextSteps: [
        'Check the spelling of the image and tag in {taskDefinition}[[ ({image})||]]; an image without a registry host is pulled from Docker Hub (`library/` for official images).',
        'If the repository is private, set `repositoryCredentials.credentialsParameter` to a Secrets Manager secret with the registry login, or copy the image to Amazon ECR.',
      ],
    },
    ja: {
      title:
        "イメージ[[ {image} ||（コンテナ '{container}'）]]が[[ {registry} に||レジストリに]]存在しないか、ログインが必要",
      explanation:
        'レジストリは、リポジトリが存在しないか非公開だと答えました。ECR の権限の問題ではなく、イメージ名・タグ・レジストリの認証情報のどれかが誤っています。',
      nextSteps: [
        '{taskDefinition} のイメージとタグの綴りを確認してください[[（{image}）||]]。レジストリのホストがないイメージは Docker Hub から取得されます（公式イメージは `library/`）。',
        '非公開リポジトリなら、レジストリのログイン情報を持つ Secrets Manager シークレットを `repositoryCredentials.credentialsParameter` に設定するか、イメージを Amazon ECR にコピーしてください。',
      ],
    },
  },
  {
    id: 'pull.access-denied',
    category: 'image_pull',
    source: sources.cannotPull,
    pattern: pullThen(
      '403 Forbidden|not authorized to perform|AccessDenied|denied: User|httpReaderSeeker: failed open: unexpected status code|no basic auth credentials|401 Unauthorized',
    ),
    en: {
      title: 'the task may not pull [[{image}||the image]] from [[{registry}||its registry]]',
      explanation:
        'The registry refused the pull: the task execution role (or the repository policy) does not allow it, or the credentials for a private registry are missing.',
      nextSteps: [
        'For Amazon ECR: allow `ecr:GetAuthorizationToken`, `ecr:BatchGetImage` and `ecr:GetDownloadUrlForLayer` to the task execution role of {taskDefinition}; for another account’s repository, its repository policy must allow this account; a KMS-encrypted repository also needs `kms:Decrypt`.',
        'For a private registry elsewhere: `repositoryCredentials` with a Secrets Manager secret, and `secretsmanager:GetSecretValue` for the execution role.',
      ],
    },
    ja: {
      title: 'タスクが[[ {registry} から||レジストリから]][[ {image} を||イメージを]]取得する権限がない',
      explanation:
        'レジストリが pull を拒否しました。タスク実行ロール（またはリポジトリポリシー）が許可していないか、非公開レジストリの認証情報がありません。',
      nextSteps: [
        'Amazon ECR の場合: {taskDefinition} のタスク実行ロールに `ecr:GetAuthorizationToken`・`ecr:BatchGetImage`・`ecr:GetDownloadUrlForLayer` を許可してください。別アカウントのリポジトリならそのリポジトリポリシーでこのアカウントを許可し、KMS 暗号化リポジトリなら `kms:Decrypt` も必要です。',
        'その他の非公開レジストリの場合: Secrets Manager シークレットを `repositoryCredentials` に設定し、実行ロールに `secretsmanager:GetSecretValue` を許可してください。',
      ],
    },
  },
  {
    id: 'pull.not-found',
    category: 'image_pull',
    source: sources.cannotPull,
    pattern: pullThen('not found|manifest unknown|does not exist|404'),
    en: {
      title: "image [[{image}||of container '{container}']] was not found",
      explanation:
        'The repository or the tag in {taskDefinition} does not exist on [[{registry}||the registry]] (a typo, another region or account, a tag never pushed or removed by a lifecycle policy).',
      nextSteps: [
        'Check the image URI of the container in {taskDefinition}: repository, tag, account and region.',
        '[[List what exists: `aws ecr describe-images --repository-name {imageRepository} --image-ids imageTag={imageTag}`.||List the repository’s tags with `aws ecr describe-images` (ECR) or the registry’s console.]]',
      ],
    },
    ja: {
      title: "イメージ[[ {image} ||（コンテナ '{container}'）]]が見つからない",
      explanation:
        '{taskDefinition} のリポジトリまたはタグが[[ {registry} に||レジストリに]]存在しません（綴りの誤り、別リージョン・別アカウント、push されていない、またはライフサイクルポリシーで削除されたタグ）。',
      nextSteps: [
        '{taskDefinition} のコンテナのイメージ URI（リポジトリ、タグ、アカウント、リージョン）を確認してください。',
        '[[存在するものを確認してください: `aws ecr describe-images --repository-name {imageRepository} --image-ids imageTag={imageTag}`。||リポジトリのタグを `aws ecr describe-images`（ECR）またはレジストリのコンソールで確認してください。]]',
      ],
    },
  },
  unreachableEntry({
    id: 'pull.unreachable-s3',
    source: sources.fargatePull,
    pattern: new RegExp(
      `(${PULL})[\\s\\S]*(starport-layer-bucket|\\.s3[.-])[\\s\\S]*${UNREACHABLE.source}|(${PULL})[\\s\\S]*${UNREACHABLE.source}[\\s\\S]*(starport-layer-bucket|\\.s3[.-])`,
      'i',
    ),
    en: {
      name: 'Amazon S3',
      what: 'Amazon ECR serves the layers of [[{image}||the image]] from Amazon S3, so the pull reached the registry but not S3.',
      specific: [
        'Without a route to the internet, add the S3 gateway endpoint to the route table of the task subnets; an endpoint policy must allow [[the bucket `prod-{region}-starport-layer-bucket`||the region’s ECR layer bucket (`…-starport-layer-bucket`)]].',
      ],
    },
    ja: {
      name: 'Amazon S3',
      what: 'Amazon ECR は[[ {image} の||イメージの]]レイヤーを Amazon S3 から配信するため、pull はレジストリには届いたものの S3 に届きませんでした。',
      specific: [
        'インターネットへの経路がない構成では、タスクのサブネットのルートテーブルに S3 ゲートウェイエンドポイントを追加してください。エンドポイントポリシーでは[[バケット `prod-{region}-starport-layer-bucket`||リージョンの ECR レイヤーバケット（`…-starport-layer-bucket`）]]を許可する必要があります。',
      ],
    },
  }),
  unreachableEntry({
    id: 'pull.unreachable-docker-hub',
    source: sources.fargatePull,
    pattern: new RegExp(
      `(${PULL})[\\s\\S]*(docker\\.io|registry-1\\.docker)[\\s\\S]*${UNREACHABLE.source}`,
      'i',
    ),
    en: {
      name: 'Docker Hub',
      what: 'The image [[{image}||of the container]] is on Docker Hub, which a task reaches only through the internet.',
      specific: [
        'VPC endpoints do not lead to Docker Hub: the task needs a NAT gateway or a public IP, or copy the image to Amazon ECR (or an ECR pull-through cache) and pull it through the ECR endpoints.',
      ],
    },
    ja: {
      name: 'Docker Hub',
      what: 'イメージ[[ {image} ||]]は Docker Hub にあり、タスクからはインターネット経由でしか到達できません。',
      specific: [
        'VPC エンドポイントでは Docker Hub に届きません。NAT ゲートウェイかパブリック IP を用意するか、イメージを Amazon ECR（または ECR プルスルーキャッシュ）にコピーして ECR のエンドポイント経由で取得してください。',
      ],
    },
  }),
  unreachableEntry({
    id: 'pull.unreachable',
    source: sources.fargatePull,
    pattern: new RegExp(`(${PULL})[\\s\\S]*${UNREACHABLE.source}`, 'i'),
    en: {
      name: '[[{registry}||the image registry]]',
      what: 'ECS pulls [[{image}||the image]] from its registry over the task network.',
      specific: [
        `For Amazon ECR without internet access: ${networkSteps.en.interfaceEndpoint('ecr.dkr')} It also needs \`ecr.api\` and the S3 gateway endpoint.`,
      ],
    },
    ja: {
      name: '[[{registry}||イメージレジストリ]]',
      what: 'ECS はタスクのネットワーク経由で[[ {image} を||イメージを]]レジストリから取得します。',
      specific: [
        `インターネットに出られない Amazon ECR の場合: ${networkSteps.ja.interfaceEndpoint('ecr.dkr')}\`ecr.api\` と S3 ゲートウェイエンドポイントも必要です。`,
      ],
    },
  }),
  {
    id: 'pull.registry-error',
    category: 'infrastructure',
    source: sources.cannotPull,
    pattern: pullThen(
      '500 Internal Server Error|502 Bad Gateway|503 Service Unavailable|API error \\(5\\d\\d\\)',
    ),
    en: {
      title: '[[{registry}||the registry]] failed while serving [[{image}||the image]]',
      explanation:
        'The registry answered with a server error; the problem is on the registry side, not in the task.',
      nextSteps: [
        'Check the status of the registry (AWS Health Dashboard for ECR, the status page of a third-party registry).',
        'Add a Retry on the state for `States.TaskFailed` with backoff so a transient registry error does not fail the run.',
      ],
    },
    ja: {
      title: '[[{registry} が||レジストリが]][[ {image} の||イメージの]]配信中にエラーを返した',
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
      title: "image [[{image}||of container '{container}']] could not be pulled",
      explanation:
        'ECS could not pull the container image from [[{registry}||its registry]]; the reason below has the registry’s own words.',
      nextSteps: [
        'Read the full reason[[ with `aws ecs describe-tasks --cluster {cluster} --tasks {taskArn}`||]] (containers[].reason).',
        'Try the pull yourself with the same image URI and the task execution role’s permissions.',
      ],
    },
    ja: {
      title: "イメージ[[ {image} ||（コンテナ '{container}'）]]を取得できなかった",
      explanation:
        'ECS が[[ {registry} から||レジストリから]]コンテナイメージを取得できませんでした。下の理由にレジストリからのメッセージがあります。',
      nextSteps: [
        '[[`aws ecs describe-tasks --cluster {cluster} --tasks {taskArn}` で||]]理由の全文を確認してください（containers[].reason）。',
        '同じイメージ URI とタスク実行ロールの権限で、手元から pull を試してください。',
      ],
    },
  },
];
