import type { MessageEntry } from './knowledge-entry.js';
import { sources } from './sources.js';

/**
 * The other stopped-task messages of "Amazon ECS stopped task error messages" and "Why is my Amazon ECS
 * task stopped?": container start, volumes, memory, host and scheduler events. Most specific first.
 */
export const taskErrors: readonly MessageEntry[] = [
  {
    id: 'task.out-of-memory',
    category: 'out_of_memory',
    source: sources.outOfMemory,
    pattern: /OutOfMemoryError|Container killed due to memory usage|OOMKilled/i,
    en: {
      title: "container '{container}' ran out of memory",
      explanation:
        'The container used more memory than its limit (the container `memory` or the task memory) and the kernel killed it (exit code 137, SIGKILL).',
      nextSteps: [
        'Raise `memory` of the container / task in {taskDefinition}, or lower what the job holds in memory (batch size, streaming instead of loading).',
        'Look at MemoryUtilization of the task in Container Insights to see how close earlier runs came to the limit.',
      ],
    },
    ja: {
      title: "コンテナ '{container}' がメモリ不足で強制終了された",
      explanation:
        'コンテナが上限（コンテナの `memory` またはタスクのメモリ）を超えてメモリを使い、カーネルに強制終了されました（終了コード 137）。',
      nextSteps: [
        '{taskDefinition} のコンテナ / タスクの `memory` を増やすか、ジョブが一度に保持するデータ量を減らしてください（バッチサイズ縮小、全件読み込みをやめてストリーム処理にするなど）。',
        'Container Insights でタスクの MemoryUtilization を見て、過去の実行が上限にどれだけ近かったか確認してください。',
      ],
    },
  },
  {
    id: 'task.cannot-create-volume',
    category: 'task_failed_to_start',
    source: sources.stoppedTaskErrors,
    pattern: /CannotCreateVolumeError|failed to (mount|attach) (EFS|volume)|efs.*(mount|timeout)/i,
    en: {
      title: 'a volume of the task could not be created or mounted',
      explanation:
        'ECS could not create or mount a volume of the task definition (EFS, Docker volume, bind mount).',
      nextSteps: [
        'For EFS: the mount target must exist in the task’s subnet AZ and its security group must allow NFS (2049) from the task; check the access point and IAM authorization.',
        'Check the `volumes` of {taskDefinition} against the platform version (EFS needs Fargate 1.4.0+).',
      ],
    },
    ja: {
      title: 'タスクのボリュームを作成またはマウントできなかった',
      explanation:
        'タスク定義のボリューム（EFS、Docker ボリューム、バインドマウント）を作成またはマウントできませんでした。',
      nextSteps: [
        'EFS の場合: タスクのサブネットの AZ にマウントターゲットがあり、そのセキュリティグループがタスクからの NFS (2049) を許可しているか、アクセスポイントと IAM 認可を確認してください。',
        '{taskDefinition} の `volumes` がプラットフォームバージョンに対応しているか確認してください（EFS は Fargate 1.4.0 以降）。',
      ],
    },
  },
  {
    id: 'task.eni-timeout',
    category: 'infrastructure',
    source: sources.eniProvisioning,
    pattern:
      /Timeout waiting for network interface provisioning|network interface provision complete error|timeout wait for network interface provision/i,
    en: {
      title: 'Fargate timed out attaching the network interface of the task',
      explanation:
        'Fargate could not create or attach the task’s elastic network interface in time: an intermittent problem of the EC2 / Fargate APIs on AWS’s side, not of the task[[ (subnet {subnet})||]].',
      nextSteps: [
        'Check the AWS Health Dashboard for EC2 or Fargate API events in the region.',
        'If it repeats, create a test network interface by hand in [[subnet `{subnet}`||the task subnet]] (`aws ec2 create-network-interface`) to see whether interfaces can be created there at all.',
        'Keep a Retry with backoff on the state for `States.TaskFailed`: a task started by RunTask is not restarted by ECS.',
      ],
    },
    ja: {
      title: 'Fargate がタスクのネットワークインターフェースのアタッチでタイムアウトした',
      explanation:
        'Fargate がタスクの ENI を時間内に作成・アタッチできませんでした。タスク[[（サブネット {subnet}）||]]ではなく、AWS 側の EC2 / Fargate API の断続的な問題です。',
      nextSteps: [
        'AWS Health Dashboard で、リージョンの EC2 / Fargate API のイベントを確認してください。',
        '繰り返すなら、[[サブネット `{subnet}`||タスクのサブネット]]にテスト用の ENI を手動で作成し（`aws ec2 create-network-interface`）、そこで ENI を作れるか確認してください。',
        'RunTask で起動したタスクを ECS は再起動しないため、ステートに `States.TaskFailed` のバックオフ付き Retry を置いてください。',
      ],
    },
  },
  {
    id: 'task.eni',
    category: 'task_failed_to_start',
    source: sources.stoppedTaskErrors,
    pattern:
      /failed to (configure|provision|attach) ENI|ENI .*(limit|failed)|Create Network Interface|InsufficientFreeAddressesInSubnet|no available IP/i,
    en: {
      title: 'the network interface of the task could not be provisioned',
      explanation:
        'An awsvpc task gets its own elastic network interface; creating or attaching it failed or timed out (subnet out of IP addresses, ENI quota, EC2 API trouble).',
      nextSteps: [
        'Check the free IP addresses of [[subnet `{subnet}`||the task subnets]] (`aws ec2 describe-subnets --query "Subnets[].AvailableIpAddressCount"`) and the account ENI quota.',
        'On EC2, check the instance type’s ENI limit or enable ENI trunking; then run the task again.',
      ],
    },
    ja: {
      title: 'タスクのネットワークインターフェースを用意できなかった',
      explanation:
        'awsvpc のタスクには専用の ENI が必要ですが、その作成またはアタッチに失敗またはタイムアウトしました（サブネットの IP 枯渇、ENI のクォータ、EC2 API の問題など）。',
      nextSteps: [
        '[[サブネット `{subnet}`||タスクのサブネット]]の空き IP 数（`aws ec2 describe-subnets --query "Subnets[].AvailableIpAddressCount"`）とアカウントの ENI クォータを確認してください。',
        'EC2 起動タイプならインスタンスタイプの ENI 上限を確認するか ENI トランキングを有効にし、タスクを再実行してください。',
      ],
    },
  },
  {
    id: 'task.runtime-timeout',
    category: 'task_failed_to_start',
    source: sources.stoppedTaskErrors,
    pattern: /ContainerRuntimeTimeoutError|DockerTimeoutError|Could not transition to (running|stopped)/i,
    en: {
      title: "container '{container}' did not reach RUNNING in time",
      explanation: 'The container could not transition to RUNNING (or STOPPED) within the agent’s timeout.',
      nextSteps: [
        'Run the task again; if it repeats, check the host’s load and disk (EC2) or open a support case with the task ARN (Fargate).',
      ],
    },
    ja: {
      title: "コンテナ '{container}' が時間内に RUNNING にならなかった",
      explanation:
        'コンテナがエージェントのタイムアウト内に RUNNING（または STOPPED）へ遷移できませんでした。',
      nextSteps: [
        'タスクを再実行してください。繰り返す場合は、EC2 ならホストの負荷とディスクを、Fargate ならタスク ARN を添えてサポートケースを検討してください。',
      ],
    },
  },
  {
    id: 'task.spot',
    category: 'spot_interruption',
    source: sources.fargateSpot,
    pattern: /Spot Task was interrupted|Spot interruption|SpotInterruption/i,
    en: {
      title: 'the Spot capacity of the task was reclaimed',
      explanation:
        'AWS took back the Fargate Spot / EC2 Spot capacity the task ran on; the job itself did not fail.',
      nextSteps: [
        'Retry the state on `States.TaskFailed` so an interrupted run starts again, and make the job resumable.',
        'For jobs that must not be interrupted, use a capacity provider strategy with FARGATE (on-demand) as base.',
      ],
    },
    ja: {
      title: 'タスクが動いていた Spot キャパシティが回収された',
      explanation:
        'タスクが動いていた Fargate Spot / EC2 Spot のキャパシティを AWS が回収しました。ジョブ自体の失敗ではありません。',
      nextSteps: [
        '中断されても再実行されるよう、ステートに `States.TaskFailed` の Retry を設定し、ジョブを途中から再開できるようにしてください。',
        '中断できないジョブは、キャパシティプロバイダー戦略で FARGATE（オンデマンド）をベースにしてください。',
      ],
    },
  },
  {
    id: 'task.host-gone',
    category: 'infrastructure',
    source: sources.taskStopped,
    pattern:
      /Host EC2 \(instance [^)]*\) (terminated|stopped|rebooted)|instance (was )?deregistered|Instance deregistration forced|container instance .*(draining|deregist)|Scaling activity initiated by|underlying infrastructure|performing maintenance|Task retirement|TerminationNotice|termination notice/i,
    en: {
      title: 'the host of the task went away',
      explanation:
        'The task was stopped because what it ran on was removed: the EC2 instance was terminated, stopped or deregistered (often by Auto Scaling scale-in), or Fargate retired the task for maintenance.',
      nextSteps: [
        'On EC2: check the Auto Scaling activity of the cluster’s group and enable managed termination protection on the capacity provider so busy instances are not scaled in.',
        'Add a Retry on the state so a run lost to a host event starts again.',
      ],
    },
    ja: {
      title: 'タスクが動いていたホストがなくなった',
      explanation:
        'タスクの実行基盤が取り除かれたため停止しました。EC2 インスタンスが終了・停止・登録解除された（Auto Scaling のスケールインが多い）か、Fargate がメンテナンスでタスクを退役させました。',
      nextSteps: [
        'EC2 の場合: クラスターの Auto Scaling グループのアクティビティを確認し、キャパシティプロバイダーのマネージド終了保護を有効にして、実行中のインスタンスがスケールインされないようにしてください。',
        'ホスト起因で失われた実行がやり直されるよう、ステートに Retry を追加してください。',
      ],
    },
  },
  {
    id: 'task.stopped-by-user',
    category: 'stopped_by_user',
    source: sources.taskStopped,
    pattern: /Task stopped by user|stopped by user|StopTask|UserInitiated/i,
    en: {
      title: 'the task was stopped with StopTask',
      explanation:
        'Someone or something (a person, a script, a deployment, Step Functions stopping an aborted run) called StopTask on the task.',
      nextSteps: [
        'Find who called it: CloudTrail event history, event name `StopTask`[[, resource {taskArn}||, for this task]].',
        'If it was stopped on purpose, run the execution again (or redrive it).',
      ],
    },
    ja: {
      title: 'タスクが StopTask で停止された',
      explanation:
        '人、スクリプト、デプロイ、または中断された実行を止める Step Functions などが、タスクに StopTask を呼びました。',
      nextSteps: [
        '誰が呼んだか確認してください: CloudTrail のイベント履歴で、イベント名 `StopTask`[[、リソース {taskArn}||、このタスク]]。',
        '意図的な停止だったなら、実行をやり直してください（redrive も使えます）。',
      ],
    },
  },
  {
    id: 'task.inspect-stop',
    category: 'infrastructure',
    source: sources.stoppedTaskErrors,
    pattern: /CannotInspectContainerError|CannotStopContainerError|failed sending SIGTERM to container/i,
    en: {
      title: "the container runtime failed managing '{container}'",
      explanation:
        'The agent could not inspect or stop the container through the container runtime; this is a platform-side problem.',
      nextSteps: [
        'Run the task again; if it repeats on EC2, check the Docker/containerd daemon and agent logs of the instance.',
      ],
    },
    ja: {
      title: "コンテナランタイムが '{container}' を管理できなかった",
      explanation:
        'エージェントがコンテナランタイム経由でコンテナを確認または停止できませんでした。基盤側の問題です。',
      nextSteps: [
        'タスクを再実行してください。EC2 で繰り返す場合はインスタンスの Docker/containerd デーモンとエージェントのログを確認してください。',
      ],
    },
  },
  {
    id: 'task.host-storage',
    category: 'infrastructure',
    source: sources.cannotCreateContainer,
    pattern: /CannotCreateContainerError/i,
    en: {
      title: "the container host could not create container '{container}'",
      explanation:
        'The Docker daemon of the EC2 instance[[ {instance}||]] could not create the container, typically because its storage (the devicemapper thin pool or the Docker volume) is full. The image and the task are fine; the instance is not.',
      nextSteps: [
        'Drain the container instance (`aws ecs update-container-instances-state --status DRAINING`) and replace it with one that has a larger data volume.',
        'Remove stopped containers and unused images sooner (`ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION`, `ECS_IMAGE_CLEANUP_INTERVAL`).',
      ],
    },
    ja: {
      title: "コンテナホストがコンテナ '{container}' を作成できなかった",
      explanation:
        'EC2 インスタンス[[ {instance} ||]]の Docker デーモンがコンテナを作成できませんでした。多くはストレージ（devicemapper のシンプールや Docker ボリューム）が満杯です。イメージとタスクは正常で、インスタンスに問題があります。',
      nextSteps: [
        'コンテナインスタンスをドレインし（`aws ecs update-container-instances-state --status DRAINING`）、データボリュームの大きいインスタンスに入れ替えてください。',
        '停止コンテナと未使用イメージを早めに削除してください（`ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION`、`ECS_IMAGE_CLEANUP_INTERVAL`）。',
      ],
    },
  },
  {
    id: 'task.health-check',
    category: 'application_error',
    source: sources.taskStopped,
    pattern: /failed (ELB|container) health checks/i,
    en: {
      title: 'the task was stopped because it failed its health checks',
      explanation:
        'The task started, but its load balancer or container health check kept failing, so ECS stopped it: the program did not answer in time, or the check points at the wrong port or path.',
      nextSteps: [
        'Read the container’s log around the stop for why it did not answer.',
        'Check the health check of {taskDefinition} (command, interval, retries, `startPeriod`) or of the target group, and the security group between them.',
      ],
    },
    ja: {
      title: 'ヘルスチェックに失敗したためタスクが停止された',
      explanation:
        'タスクは起動しましたが、ロードバランサーまたはコンテナのヘルスチェックに失敗し続けたため ECS が停止しました。プログラムが時間内に応答しなかったか、チェックのポートやパスが誤っています。',
      nextSteps: [
        '停止前後のコンテナログで、応答しなかった理由を確認してください。',
        '{taskDefinition} のヘルスチェック（コマンド、間隔、リトライ、`startPeriod`）またはターゲットグループの設定と、その間のセキュリティグループを確認してください。',
      ],
    },
  },
  {
    id: 'batch.attempt-timeout',
    category: 'task_timeout',
    source: sources.batchJobTimeouts,
    pattern: /Job attempt duration exceeded timeout/i,
    en: {
      title: 'the AWS Batch job[[ {jobName}||]] ran longer than its attempt timeout',
      explanation:
        'AWS Batch stopped the attempt because it ran longer than `timeout.attemptDurationSeconds` of the job (or its job definition).',
      nextSteps: [
        'Compare the run time of earlier successful jobs with the timeout; raise it if the job legitimately got slower.',
        'Otherwise find where the job hangs: the last lines of its log before the stop.',
      ],
    },
    ja: {
      title: 'AWS Batch のジョブ[[ {jobName} ||]]が試行のタイムアウトを超えた',
      explanation:
        'ジョブ（またはジョブ定義）の `timeout.attemptDurationSeconds` より長く動いたため、AWS Batch が試行を停止しました。',
      nextSteps: [
        '過去の成功したジョブの所要時間とタイムアウトを比べ、処理が正当に遅くなったのなら値を上げてください。',
        'そうでなければ、停止直前のログの末尾でジョブがどこで止まっているか確認してください。',
      ],
    },
  },
  {
    id: 'task.failed-to-start',
    category: 'task_failed_to_start',
    source: sources.taskStopped,
    pattern: /^Task failed to start/i,
    en: {
      title: 'the task failed to start',
      explanation:
        'ECS stopped the task before its containers ran; the container reasons (or the stop code) say which step failed.',
      nextSteps: [
        'Read the container reasons[[ with `aws ecs describe-tasks --cluster {cluster} --tasks {taskArn}`||]] (kept about an hour; EventBridge task state events keep them longer).',
        'Run the AWS Systems Manager runbook AWSSupport-TroubleshootECSTaskFailedToStart on the task.',
      ],
    },
    ja: {
      title: 'タスクが起動に失敗した',
      explanation:
        'コンテナが動く前に ECS がタスクを停止しました。どの段階で失敗したかはコンテナの理由（または停止コード）に書かれています。',
      nextSteps: [
        '[[`aws ecs describe-tasks --cluster {cluster} --tasks {taskArn}` で||]]コンテナの理由を確認してください（約 1 時間だけ保持されます。EventBridge のタスク状態イベントなら長く残せます）。',
        'Systems Manager のランブック AWSSupport-TroubleshootECSTaskFailedToStart をこのタスクに対して実行してください。',
      ],
    },
  },
  {
    id: 'task.essential-exited',
    category: 'application_error',
    source: sources.taskStopped,
    pattern: /Essential container in task exited/i,
    deferToExitCode: true,
    en: {
      title: "container '{container}' exited",
      explanation: 'An essential container exited, so ECS stopped every container of the task.',
      nextSteps: ['Read the container’s log and its exit code.'],
    },
    ja: {
      title: "コンテナ '{container}' が終了した",
      explanation: '必須コンテナが終了したため、ECS がタスクの全コンテナを停止しました。',
      nextSteps: ['コンテナのログと終了コードを確認してください。'],
    },
  },
];
