import type { KnowledgeEntry } from './knowledge-entry.js';
import { sources } from './sources.js';

const e = (
  id: string,
  category: KnowledgeEntry['category'],
  source: string,
  en: KnowledgeEntry['en'],
  ja: KnowledgeEntry['ja'],
): KnowledgeEntry => ({ id, category, source, en, ja });

/** Step Functions' own errors and execution outcomes ("Handling errors in Step Functions workflows"). */
export const workflowErrors = {
  taskTimeout: e(
    'sfn.timeout',
    'task_timeout',
    sources.sfnErrors,
    {
      title: 'state {state} ran longer than its timeout ({error})',
      explanation:
        'The state did not finish within its `TimeoutSeconds` (or missed a heartbeat within `HeartbeatSeconds`); Step Functions gave up on it (for runTask.sync it also stops the ECS task).',
      nextSteps: [
        'Compare the duration of earlier successful runs with `TimeoutSeconds` of {state}; raise it if the job legitimately got slower.',
        'Otherwise find where the job hangs: the last lines of its log before the stop.',
      ],
    },
    {
      title: 'ステート {state} がタイムアウトした（{error}）',
      explanation:
        'ステートが `TimeoutSeconds` 内に終わらなかった（または `HeartbeatSeconds` 内にハートビートがなかった）ため、Step Functions が打ち切りました（runTask.sync では ECS タスクも停止します）。',
      nextSteps: [
        '過去の成功した実行の所要時間と {state} の `TimeoutSeconds` を比べ、処理が正当に遅くなったのなら値を上げてください。',
        'そうでなければ、停止直前のログの末尾でジョブがどこで止まっているか確認してください。',
      ],
    },
  ),
  permissions: e(
    'sfn.permissions',
    'permissions',
    sources.sfnErrors,
    {
      title: 'the state machine lacks a permission for state {state}',
      explanation:
        'States.Permissions: the state machine’s execution role may not perform the action the state needs.',
      nextSteps: [
        'Read the cause for the missing action and add it to the state machine’s execution role (IAM console → the role → policies).',
      ],
    },
    {
      title: 'ステートマシンにステート {state} の権限がない',
      explanation:
        'States.Permissions: ステートマシンの実行ロールが、ステートに必要な操作を許可されていません。',
      nextSteps: [
        'cause で不足している操作を確認し、ステートマシンの実行ロールに追加してください（IAM コンソール → ロール → ポリシー）。',
      ],
    },
  ),
  runtime: e(
    'sfn.runtime',
    'invalid_parameters',
    sources.sfnErrors,
    {
      title: 'the workflow could not process its data[[ at {state}||]] ({error})',
      explanation:
        'Step Functions could not apply the state’s paths, parameters or expressions to the data it received (a missing field, a null input, a payload over the size quota).',
      nextSteps: [
        'Compare the input of [[{state}||the failing state]] (execution console, step details) with its InputPath / Parameters / ResultSelector / ResultPath / OutputPath.',
        'Check the execution input the run was started with.',
      ],
    },
    {
      title: 'ワークフローが[[ {state} で||]]データを処理できなかった（{error}）',
      explanation:
        'Step Functions が、受け取ったデータにステートのパス・パラメータ・式を適用できませんでした（フィールドの欠落、null の入力、ペイロードのサイズ上限超過など）。',
      nextSteps: [
        '[[{state}||失敗したステート]] の入力（実行コンソールのステップ詳細）と、InputPath / Parameters / ResultSelector / ResultPath / OutputPath を照合してください。',
        '実行開始時の入力を確認してください。',
      ],
    },
  ),
  lambda: e(
    'sfn.lambda',
    'lambda_error',
    sources.sfnLambda,
    {
      title: 'the Lambda function of state {state} failed ({error})',
      explanation:
        'The function[[ {functionName}||]] ran and returned an error of its own code (the error name and message below are what it raised).',
      nextSteps: [
        'Open the function’s log in CloudWatch Logs[[ (`/aws/lambda/{functionName}`)||]] at the time of the failure and read the stack trace.',
        'Reproduce it with the input of the state (execution console, step details): [[`aws lambda invoke --function-name {functionName} --payload fileb://input.json out.json`||`aws lambda invoke` with that payload]].',
      ],
    },
    {
      title: 'ステート {state} の Lambda 関数が失敗した（{error}）',
      explanation:
        '関数[[ {functionName} ||]]は実行され、自身のコードのエラーを返しました（下のエラー名とメッセージが関数の投げたものです）。',
      nextSteps: [
        '失敗時刻の関数のログ[[（CloudWatch Logs の `/aws/lambda/{functionName}`）||（CloudWatch Logs）]]でスタックトレースを確認してください。',
        'ステートの入力（実行コンソールのステップ詳細）で再現してください: [[`aws lambda invoke --function-name {functionName} --payload fileb://input.json out.json`||その入力での `aws lambda invoke`]]。',
      ],
    },
  ),
  mapRun: e(
    'sfn.map-run',
    'unknown',
    sources.sfnMapRun,
    {
      title: 'the Distributed Map {state} failed ({error})',
      explanation:
        'Too many items of the Map Run failed (or the Map Run itself failed); the item failures are in the child executions, not in this history.',
      nextSteps: [
        'Open the Map Run of {state} in the Step Functions console and sort its child executions by status: diagnose a failed child execution with sekisho.',
        'Check `ToleratedFailurePercentage` / `ToleratedFailureCount` of {state}.',
      ],
    },
    {
      title: '分散マップ {state} が失敗した（{error}）',
      explanation:
        'Map Run の項目が多数失敗した（または Map Run 自体が失敗した）ため失敗しました。各項目の失敗はこの履歴ではなく子実行にあります。',
      nextSteps: [
        'Step Functions コンソールで {state} の Map Run を開き、子実行をステータスで並べて、失敗した子実行を sekisho で診断してください。',
        '{state} の `ToleratedFailurePercentage` / `ToleratedFailureCount` を確認してください。',
      ],
    },
  ),
  workflowFail: e(
    'sfn.fail-state',
    'workflow_fail',
    sources.sfnFail,
    {
      title: 'the workflow stopped itself at Fail state {state} ({error})',
      explanation:
        'No task failed: the workflow reached its own Fail state, which ends the execution with the error and cause below.',
      nextSteps: [
        'Read the Choice / condition that led to {state} and the data it looked at (execution console, the states before it).',
      ],
    },
    {
      title: 'ワークフローが Fail ステート {state} で自ら停止した（{error}）',
      explanation:
        'タスクは失敗していません。ワークフローが自身の Fail ステートに到達し、下のエラーと cause で実行を終了しました。',
      nextSteps: [
        '{state} に至った Choice や条件と、それが参照したデータを確認してください（実行コンソールで直前のステート）。',
      ],
    },
  ),
  executionTimeout: e(
    'sfn.execution-timeout',
    'execution_timeout',
    sources.sfnTimeout,
    {
      title: 'the execution ran longer than the state machine’s TimeoutSeconds',
      explanation:
        'The whole execution exceeded the top-level `TimeoutSeconds` of the state machine[[; it was at {state} when time ran out||]].',
      nextSteps: [
        'Compare the execution duration with earlier runs and the top-level `TimeoutSeconds`.',
        'Check what [[{state}||the execution]] was waiting for (a slow task, a pending RunTask, a Wait state).',
      ],
    },
    {
      title: '実行がステートマシンの TimeoutSeconds を超えた',
      explanation:
        '実行全体がステートマシン最上位の `TimeoutSeconds` を超えました。[[時間切れの時点では {state} にいました。||]]',
      nextSteps: [
        '実行時間を過去の実行と最上位の `TimeoutSeconds` と比べてください。',
        '[[{state} が||実行が]]何を待っていたか確認してください（遅いタスク、起動待ちの RunTask、Wait ステートなど）。',
      ],
    },
  ),
  executionAborted: e(
    'sfn.execution-aborted',
    'execution_aborted',
    sources.sfnStop,
    {
      title: 'the execution was stopped (StopExecution)',
      explanation:
        'Someone or something called StopExecution[[ while the execution was at {state}||]]; it did not fail by itself.',
      nextSteps: [
        'Find who stopped it: CloudTrail event history, event name `StopExecution`, for this execution ARN.',
      ],
    },
    {
      title: '実行が停止された（StopExecution）',
      explanation:
        '[[実行が {state} にいる間に、||]]誰かまたは何かが StopExecution を呼びました。実行自体が失敗したのではありません。',
      nextSteps: [
        '誰が止めたか確認してください: CloudTrail のイベント履歴で、イベント名 `StopExecution`、この実行 ARN。',
      ],
    },
  ),
  succeeded: e(
    'sfn.succeeded',
    'succeeded',
    sources.sfnErrors,
    {
      title: 'the execution succeeded',
      explanation: 'Nothing to diagnose: the execution ended with ExecutionSucceeded.',
      nextSteps: [],
    },
    {
      title: '実行は成功した',
      explanation: '診断することはありません。実行は ExecutionSucceeded で終わっています。',
      nextSteps: [],
    },
  ),
  succeededAfterFailures: e(
    'sfn.succeeded-after-failures',
    'succeeded',
    sources.sfnErrors,
    {
      title: 'the execution succeeded, but {state} failed {failures} time(s) before it did (flaky)',
      explanation:
        'The state’s Retry (or a Catch) recovered: {failures} attempt(s) failed on the way, the last one because {lastFailure}. A job that needs retries to pass is flaky; it will fail for good on a day the retries run out.',
      nextSteps: [
        'Look at the failed attempt below as if it had failed the execution: its cause is real, only hidden by the retry.',
        'Count how often this happens (the `ExecutionsSucceeded` of the state machine against the TaskFailed events of {state}) before deciding it is noise.',
      ],
    },
    {
      title: '実行は成功したが、その前に {state} が {failures} 回失敗した（不安定）',
      explanation:
        'ステートの Retry（または Catch）で回復しました。途中で {failures} 回の試行が失敗しており、最後の失敗の原因は「{lastFailure}」です。再試行しないと通らないジョブは不安定で、再試行を使い切った日に本当に失敗します。',
      nextSteps: [
        '下の失敗した試行を、実行を失敗させたものとして見てください。原因は実在し、再試行で隠れているだけです。',
        'ノイズと判断する前に、どれくらいの頻度で起きているか（ステートマシンの成功数と {state} の TaskFailed の数）を確認してください。',
      ],
    },
  ),
  taskSucceeded: e(
    'ecs.task-succeeded',
    'succeeded',
    sources.stopCodes,
    {
      title: 'the task ended normally',
      explanation: 'Every container of the task exited with code 0: nothing failed.',
      nextSteps: [],
    },
    {
      title: 'タスクは正常に終了した',
      explanation: 'タスクのすべてのコンテナが終了コード 0 で終了しました。失敗はありません。',
      nextSteps: [],
    },
  ),
  running: e(
    'sfn.running',
    'unknown',
    sources.sfnErrors,
    {
      title: 'the execution has not ended yet',
      explanation:
        'The history has no ExecutionFailed / TimedOut / Aborted / Succeeded event: it is still running, or only part of the history was given.',
      nextSteps: ['Diagnose again when it ends, and pass every page of the history.'],
    },
    {
      title: '実行はまだ終わっていない',
      explanation:
        '履歴に ExecutionFailed / TimedOut / Aborted / Succeeded のイベントがありません。実行中か、履歴の一部しか渡されていません。',
      nextSteps: ['終了後に、履歴の全ページを渡して診断し直してください。'],
    },
  ),
  unknown: e(
    'sfn.unknown',
    'unknown',
    sources.sfnErrors,
    {
      title: '[[state {state}||the execution]] failed with {error}',
      explanation:
        'The error and cause below did not match anything sekisho knows; they are shown as Step Functions reported them.',
      nextSteps: [
        'Read the cause below[[ and the step details of {state} in the execution console||, and the step details of the last state in the execution console]].',
      ],
    },
    {
      title: '[[ステート {state} が||実行が]]エラー {error} で失敗した',
      explanation:
        '下のエラーと cause は sekisho の知識にあるどれにも当てはまりませんでした。Step Functions が報告したとおりに表示します。',
      nextSteps: [
        '下の cause と、実行コンソールの[[ {state} の||最後のステートの]]ステップ詳細を確認してください。',
      ],
    },
  ),
} as const;
