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
        'The container used more memory than its limit (the container `memory` or the task memory) and the kernel killed it (exit code 137).',
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
    id: 'task.command-not-found',
    category: 'command_not_found',
    source: sources.cannotStart,
    pattern:
      /executable file not found|exec: "[^"]*": (stat|no such file)|no such file or directory: unknown/i,
    en: {
      title: "the command of container '{container}' does not exist in the image",
      explanation:
        'The runtime could not start the container because its entry point or command is not in the image (or not on PATH).',
      nextSteps: [
        'Check `entryPoint` / `command` of the container in {taskDefinition} and the Step Functions `Overrides.ContainerOverrides[].Command`: {command}.',
        'Run the image locally with the same command: `docker run --rm --entrypoint sh <image> -c "command -v <program>"`.',
      ],
    },
    ja: {
      title: "コンテナ '{container}' のコマンドがイメージ内に存在しない",
      explanation:
        'エントリポイントまたはコマンドがイメージ内にない（PATH 上にない）ため、コンテナを起動できませんでした。',
      nextSteps: [
        '{taskDefinition} のコンテナの `entryPoint` / `command` と、Step Functions の `Overrides.ContainerOverrides[].Command` を確認してください: {command}。',
        '同じコマンドでローカル実行して確かめてください: `docker run --rm --entrypoint sh <image> -c "command -v <program>"`。',
      ],
    },
  },
  {
    id: 'task.cannot-start',
    category: 'task_failed_to_start',
    source: sources.cannotStart,
    pattern:
      /CannotStartContainerError|failed to create (new container runtime task|shim task)|OCI runtime (create|start) failed/i,
    en: {
      title: "container '{container}' could not be started",
      explanation:
        'The container runtime failed to start the container; the reason below says what it could not do.',
      nextSteps: [
        'Read the full reason with `aws ecs describe-tasks --cluster {cluster} --tasks {taskArn}` (containers[].reason).',
        'Check the memory, ulimits, Linux parameters, mount points and user of the container in {taskDefinition}.',
      ],
    },
    ja: {
      title: "コンテナ '{container}' を起動できなかった",
      explanation:
        'コンテナランタイムがコンテナを起動できませんでした。下の理由に、何ができなかったかが書かれています。',
      nextSteps: [
        '`aws ecs describe-tasks --cluster {cluster} --tasks {taskArn}` で理由の全文を確認してください（containers[].reason）。',
        '{taskDefinition} のコンテナのメモリ、ulimits、Linux パラメータ、マウントポイント、実行ユーザーを確認してください。',
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
    id: 'task.eni',
    category: 'task_failed_to_start',
    source: sources.stoppedTaskErrors,
    pattern:
      /network interface provisioning|failed to (configure|provision|attach) ENI|ENI .*(limit|failed)|Create Network Interface|InsufficientFreeAddressesInSubnet|no available IP/i,
    en: {
      title: 'the network interface of the task could not be provisioned',
      explanation:
        'An awsvpc task gets its own elastic network interface; creating or attaching it failed or timed out (subnet out of IP addresses, ENI quota, EC2 API trouble).',
      nextSteps: [
        'Check the free IP addresses of the task subnets (`aws ec2 describe-subnets --query "Subnets[].AvailableIpAddressCount"`) and the account ENI quota.',
        'On EC2, check the instance type’s ENI limit or enable ENI trunking; then run the task again.',
      ],
    },
    ja: {
      title: 'タスクのネットワークインターフェースを用意できなかった',
      explanation:
        'awsvpc のタスクには専用の ENI が必要ですが、その作成またはアタッチに失敗またはタイムアウトしました（サブネットの IP 枯渇、ENI のクォータ、EC2 API の問題など）。',
      nextSteps: [
        'タスクのサブネットの空き IP 数（`aws ec2 describe-subnets --query "Subnets[].AvailableIpAddressCount"`）とアカウントの ENI クォータを確認してください。',
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
        'Find who called it: CloudTrail event history, event name `StopTask`, resource {taskArn}.',
        'If it was stopped on purpose, run the execution again (or redrive it).',
      ],
    },
    ja: {
      title: 'タスクが StopTask で停止された',
      explanation:
        '人、スクリプト、デプロイ、または中断された実行を止める Step Functions などが、タスクに StopTask を呼びました。',
      nextSteps: [
        '誰が呼んだか確認してください: CloudTrail のイベント履歴で、イベント名 `StopTask`、リソース {taskArn}。',
        '意図的な停止だったなら、実行をやり直してください（redrive も使えます）。',
      ],
    },
  },
  {
    id: 'task.inspect-stop',
    category: 'infrastructure',
    source: sources.stoppedTaskErrors,
    pattern: /CannotInspectContainerError|CannotStopContainerError|InternalError/i,
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
    id: 'task.essential-exited',
    category: 'application_error',
    source: sources.taskStopped,
    pattern: /Essential container in task exited/i,
    deferToExitCode: true,
    en: {
      title: "container '{container}' exited",
      explanation: 'An essential container exited, so ECS stopped every container of the task.',
      nextSteps: ['Read the container’s logs and its exit code.'],
    },
    ja: {
      title: "コンテナ '{container}' が終了した",
      explanation: '必須コンテナが終了したため、ECS がタスクの全コンテナを停止しました。',
      nextSteps: ['コンテナのログと終了コードを確認してください。'],
    },
  },
];
