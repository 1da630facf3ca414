import type { KnowledgeEntry } from './knowledge-entry.js';
import { sources } from './sources.js';

// The link is promised only when the diagnosis prints it ({?logsLink} is known only then).
const LOGS =
  '[[Read the last lines of the container log (CloudWatch Logs link below{?logsLink}) for the error the program printed.||Read the end of the container’s log in CloudWatch Logs[[ (log group {logGroup})|| (the `awslogs-group` of the container’s `logConfiguration`)]] for the error the program printed.]]';
const LOGS_JA =
  '[[コンテナログの末尾（下の CloudWatch Logs のリンク{?logsLink}）で、プログラムが出力したエラーを確認してください。||CloudWatch Logs のコンテナログ[[（ロググループ {logGroup}）||（コンテナの `logConfiguration` の `awslogs-group`）]]の末尾で、プログラムが出力したエラーを確認してください。]]';

const entry = (
  id: string,
  category: KnowledgeEntry['category'],
  en: KnowledgeEntry['en'],
  ja: KnowledgeEntry['ja'],
  source: string = sources.exitCodes,
): KnowledgeEntry => ({ id, category, source, en, ja });

/**
 * Exit-code conventions (Advanced Bash-Scripting Guide "Exit Codes With Special Meanings", signal(7),
 * and the "Common exit codes" of "Why is my Amazon ECS task stopped?"). 137 means out of memory only
 * when the container reason says OutOfMemoryError; the diagnosis checks that before it gets here.
 */
export const exitCodes = {
  success: entry(
    'exit.0',
    'unknown',
    {
      title: "container '{container}' exited 0 but the task failed",
      explanation:
        'The container that stopped the task reported success; the failure is elsewhere in the task.',
      nextSteps: [
        'Check the other containers of the task and the stopped reason[[: `aws ecs describe-tasks --cluster {cluster} --tasks {taskArn}`||]].',
      ],
    },
    {
      title: "コンテナ '{container}' は 0 で終了したがタスクは失敗した",
      explanation: 'タスクを止めたコンテナは成功を返しています。失敗の原因はタスク内の別の箇所にあります。',
      nextSteps: [
        'タスクの他のコンテナと停止理由を確認してください[[: `aws ecs describe-tasks --cluster {cluster} --tasks {taskArn}`||]]。',
      ],
    },
  ),
  application: entry(
    'exit.application',
    'application_error',
    {
      title: "container '{container}' exited with code {exitCode}",
      explanation:
        'The program in the container ended with a non-zero exit code: it reported its own failure (an exception, a failed check, bad input data).',
      nextSteps: [
        LOGS,
        'Run the same image and command with the same input locally or in a dev environment: {command}.',
      ],
    },
    {
      title: "コンテナ '{container}' が終了コード {exitCode} で終了した",
      explanation:
        'コンテナ内のプログラムが 0 以外の終了コードで終了しました。プログラム自身が失敗を報告しています（例外、チェックの失敗、入力データの不備など）。',
      nextSteps: [
        LOGS_JA,
        '同じイメージ・コマンド・入力で、ローカルや開発環境で再現してください: {command}。',
      ],
    },
    sources.taskStopped,
  ),
  usage: entry(
    'exit.2',
    'application_error',
    {
      title: "container '{container}' exited with code 2 (misuse of the command)",
      explanation:
        'Exit code 2 conventionally means the program rejected its arguments or a shell builtin was misused.',
      nextSteps: ['Check the command and arguments the task ran: {command}.', LOGS],
    },
    {
      title: "コンテナ '{container}' が終了コード 2 で終了した（コマンドの使い方の誤り）",
      explanation:
        '終了コード 2 は慣例として、プログラムが引数を受け付けなかった、またはシェル組み込みコマンドの誤用を表します。',
      nextSteps: ['タスクが実行したコマンドと引数を確認してください: {command}。', LOGS_JA],
    },
  ),
  notExecutable: entry(
    'exit.126',
    'command_not_found',
    {
      title: "the command of container '{container}' is not executable (exit 126)",
      explanation:
        'The command was found but could not be executed: missing execute permission, or a script for the wrong interpreter or architecture.',
      nextSteps: [
        'Check the file mode (`chmod +x`) and the shebang of the entry point in the image[[; the command was {command}||]].',
      ],
    },
    {
      title: "コンテナ '{container}' のコマンドを実行できない（終了コード 126）",
      explanation:
        'コマンドは見つかりましたが実行できませんでした。実行権限がない、またはインタプリタやアーキテクチャが合わないスクリプトです。',
      nextSteps: [
        'イメージ内のエントリポイントのパーミッション（`chmod +x`）とシバンを確認してください[[（コマンドは {command}）||]]。',
      ],
    },
  ),
  notFound: entry(
    'exit.127',
    'command_not_found',
    {
      title: "the command of container '{container}' was not found (exit 127)",
      explanation:
        'The shell could not find the command: a typo, a program missing from the image, or a PATH that does not contain it.',
      nextSteps: [
        'Check the command the task ran ({command}) against the image: run a shell in it ([[`docker run --rm -it --entrypoint sh {image}`||`docker run --rm -it --entrypoint sh` with the image]]) and look for the program with `command -v`.',
        'Check the `command` override in the state’s `Overrides.ContainerOverrides`.',
      ],
    },
    {
      title: "コンテナ '{container}' のコマンドが見つからない（終了コード 127）",
      explanation:
        'シェルがコマンドを見つけられませんでした。綴りの誤り、イメージにプログラムがない、または PATH に含まれていません。',
      nextSteps: [
        '実行したコマンド（{command}）をイメージで確認してください: イメージでシェルを起動し（[[`docker run --rm -it --entrypoint sh {image}`||イメージに対する `docker run --rm -it --entrypoint sh`]]）、`command -v` でプログラムを探してください。',
        'ステートの `Overrides.ContainerOverrides` の `command` を確認してください。',
      ],
    },
  ),
  abort: entry(
    'exit.134',
    'application_error',
    {
      title: "container '{container}' aborted itself with SIGABRT (exit 134)",
      explanation:
        'SIGABRT is usually sent by the program to itself: it called abort() on a failed assertion, a fatal runtime error (a JVM or Node.js fatal error, glibc detecting a double free), or a native library crash.',
      nextSteps: [LOGS, 'Look for an assertion message or a core dump hint just before the end of the log.'],
    },
    {
      title: "コンテナ '{container}' が SIGABRT で自ら異常終了した（終了コード 134）",
      explanation:
        'SIGABRT は通常プログラム自身が送ります。アサーション失敗、ランタイムの致命的エラー（JVM や Node.js の fatal error、glibc による二重解放の検出）、ネイティブライブラリのクラッシュで abort() を呼びました。',
      nextSteps: [
        LOGS_JA,
        'ログの最後の直前に、アサーションのメッセージやコアダンプの手がかりがないか確認してください。',
      ],
    },
    sources.signals,
  ),
  segfault: entry(
    'exit.139',
    'segfault',
    {
      title: "container '{container}' crashed with a segmentation fault (SIGSEGV, exit 139)",
      explanation:
        'The kernel sent SIGSEGV because the program accessed invalid memory, typically in native code, a library built for another platform, or a stack overflow.',
      nextSteps: [
        LOGS,
        'Check native dependencies match the image’s libc and architecture (e.g. Alpine/musl vs glibc, arm64 vs amd64).',
      ],
    },
    {
      title: "コンテナ '{container}' がセグメンテーション違反でクラッシュした（SIGSEGV、終了コード 139）",
      explanation:
        'プログラムが不正なメモリにアクセスし、SIGSEGV で強制終了されました。多くはネイティブコードか、別プラットフォーム向けにビルドされたライブラリです。',
      nextSteps: [
        LOGS_JA,
        'ネイティブ依存がイメージの libc とアーキテクチャに合っているか確認してください（Alpine/musl と glibc、arm64 と amd64 など）。',
      ],
    },
    sources.signals,
  ),
  kill: entry(
    'exit.137',
    'terminated_by_signal',
    {
      title: "container '{container}' was killed with SIGKILL (exit 137)",
      explanation:
        'SIGKILL cannot be caught: something outside the program ended it at once. Without an OutOfMemoryError reason it is usually ECS finishing a stop (the container ignored SIGTERM for `stopTimeout`, 30 s by default), or the kernel’s OOM killer acting on a memory limit the agent did not report.',
      nextSteps: [
        'Look for what stopped the task first: a `StopTask` in CloudTrail[[ for {taskArn}||]], the state’s `TimeoutSeconds`, an aborted execution; then make the program exit on SIGTERM within `stopTimeout`.',
        'Compare the container’s memory use with its limit in {taskDefinition} (Container Insights MemoryUtilization): a kill close to the limit is an out-of-memory kill.',
      ],
    },
    {
      title: "コンテナ '{container}' が SIGKILL で強制終了された（終了コード 137）",
      explanation:
        'SIGKILL は捕捉できず、プログラムの外から即座に終了させられました。OutOfMemoryError の理由がない場合、多くは ECS による停止の最終段階（コンテナが `stopTimeout`、既定 30 秒のあいだ SIGTERM に応じなかった）か、エージェントが報告しなかったメモリ上限でのカーネルの OOM killer です。',
      nextSteps: [
        'まず何がタスクを止めたか確認してください: CloudTrail の `StopTask`[[（{taskArn}）||]]、ステートの `TimeoutSeconds`、実行の中断。そのうえで、プログラムが `stopTimeout` 内に SIGTERM で終了するようにしてください。',
        'コンテナのメモリ使用量を {taskDefinition} の上限と比べてください（Container Insights の MemoryUtilization）。上限付近での kill はメモリ不足による強制終了です。',
      ],
    },
    sources.signals,
  ),
  term: entry(
    'exit.143',
    'terminated_by_signal',
    {
      title: "container '{container}' was terminated with SIGTERM (exit 143)",
      explanation:
        'SIGTERM is how ECS asks a container to stop: the task was being stopped (StopTask by a person, a script or a deployment; Step Functions stopping it for a state timeout or an aborted execution; a Spot interruption or scale-in), and the program exited when asked.',
      nextSteps: [
        'Find who stopped the task: CloudTrail `StopTask` events[[ for {taskArn}||]], the state’s `TimeoutSeconds`, an execution abort, Spot or scale-in events of the cluster.',
        'If nothing outside stopped it, look for the program sending SIGTERM to itself or its child (a supervisor, a shell `timeout`).',
      ],
    },
    {
      title: "コンテナ '{container}' が SIGTERM で終了した（終了コード 143）",
      explanation:
        'SIGTERM は ECS がコンテナに停止を求める方法です。タスクが停止されようとしていて（人・スクリプト・デプロイの StopTask、ステートのタイムアウトや実行の中断による Step Functions の停止、Spot の中断やスケールイン）、プログラムは求めに応じて終了しました。',
      nextSteps: [
        '誰がタスクを止めたか確認してください: CloudTrail の `StopTask`[[（{taskArn}）||]]、ステートの `TimeoutSeconds`、実行の中断、クラスターの Spot やスケールインのイベント。',
        '外から止められていないなら、プログラム自身や子プロセスへの SIGTERM（スーパーバイザー、シェルの `timeout`）がないか確認してください。',
      ],
    },
    sources.signals,
  ),
  signal: entry(
    'exit.signal',
    'terminated_by_signal',
    {
      title: "container '{container}' was killed by {signal} (exit {exitCode})",
      explanation:
        'The process ended because of a signal (exit code 128 + signal number) and the task says nothing more: something outside the program stopped it.',
      nextSteps: [
        'Check who stops the task: CloudTrail `StopTask` events for {taskArn}, a state `TimeoutSeconds`, an execution abort.',
        'A SIGKILL (137) without OutOfMemoryError can also be the stop timeout: the container ignored SIGTERM for `stopTimeout` seconds.',
      ],
    },
    {
      title: "コンテナ '{container}' が {signal} で強制終了された（終了コード {exitCode}）",
      explanation:
        'プロセスはシグナルで終了しました（終了コード 128 + シグナル番号）。タスクにはそれ以上の情報がなく、プログラムの外から止められています。',
      nextSteps: [
        '誰が止めたか確認してください: {taskArn} に対する CloudTrail の `StopTask`、ステートの `TimeoutSeconds`、実行の中断。',
        'OutOfMemoryError のない SIGKILL（137）は停止タイムアウトの場合もあります: コンテナが `stopTimeout` 秒のあいだ SIGTERM に応じなかったケースです。',
      ],
    },
    sources.signals,
  ),
  outOfRange: entry(
    'exit.255',
    'application_error',
    {
      title: "container '{container}' exited with code 255",
      explanation:
        'Exit code 255 is an exit status out of range (exit -1) or a generic fatal error from the runtime (e.g. ssh, some interpreters, an exec format error).',
      nextSteps: [
        LOGS,
        'If the log is empty, check the image architecture matches the task platform (`exec format error`).',
      ],
    },
    {
      title: "コンテナ '{container}' が終了コード 255 で終了した",
      explanation:
        '終了コード 255 は範囲外の終了ステータス（exit -1）か、ランタイムの汎用的な致命的エラー（ssh、一部のインタプリタ、exec format error など）です。',
      nextSteps: [
        LOGS_JA,
        'ログが空なら、イメージのアーキテクチャがタスクのプラットフォームと合っているか確認してください（`exec format error`）。',
      ],
    },
  ),
} as const;

const signalNames: Readonly<Record<number, string>> = {
  1: 'SIGHUP',
  2: 'SIGINT',
  3: 'SIGQUIT',
  4: 'SIGILL',
  6: 'SIGABRT',
  7: 'SIGBUS',
  8: 'SIGFPE',
  9: 'SIGKILL',
  11: 'SIGSEGV',
  13: 'SIGPIPE',
  14: 'SIGALRM',
  15: 'SIGTERM',
};

/** The signal behind a 128+n exit code ("SIGKILL"), or null when the code is not one. */
export function signalOf(exitCode: number): string | null {
  if (exitCode <= 128 || exitCode > 128 + 64) return null;
  return signalNames[exitCode - 128] ?? `signal ${exitCode - 128}`;
}

/** The convention an exit code follows; OutOfMemoryError is decided before, from the container reason. */
export function exitCodeEntry(exitCode: number): KnowledgeEntry {
  if (exitCode === 0) return exitCodes.success;
  if (exitCode === 2) return exitCodes.usage;
  if (exitCode === 126) return exitCodes.notExecutable;
  if (exitCode === 127) return exitCodes.notFound;
  if (exitCode === 134) return exitCodes.abort;
  if (exitCode === 137) return exitCodes.kill;
  if (exitCode === 139) return exitCodes.segfault;
  if (exitCode === 143) return exitCodes.term;
  if (exitCode === 255) return exitCodes.outOfRange;
  if (signalOf(exitCode) !== null) return exitCodes.signal;
  return exitCodes.application;
}
