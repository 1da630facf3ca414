import type { Category, Lang, RetryAdvice, RetryKind } from '../diagnosis.js';
import type { KnowledgeEntry } from './knowledge-entry.js';
import { sources } from './sources.js';

/**
 * Whether re-running helps, by category. Transient causes (capacity, network, the platform) go away
 * by themselves; the others repeat on every re-run until something is changed, or were a deliberate
 * stop or an unknown cause that someone should look at before re-running. A `Record` over every
 * category, so a new category does not compile until it is given a kind.
 */
export const retryKindByCategory: Readonly<Record<Category, RetryKind>> = {
  capacity: 'retry_now',
  network: 'retry_now',
  spot_interruption: 'retry_now',
  infrastructure: 'retry_now',
  out_of_memory: 'fix_first',
  application_error: 'fix_first',
  command_not_found: 'fix_first',
  segfault: 'fix_first',
  image_pull: 'fix_first',
  secrets: 'fix_first',
  permissions: 'fix_first',
  invalid_parameters: 'fix_first',
  resource_initialization: 'fix_first',
  task_failed_to_start: 'fix_first',
  task_timeout: 'fix_first',
  lambda_error: 'fix_first',
  workflow_fail: 'fix_first',
  succeeded: 'not_needed',
  stopped_by_user: 'investigate',
  execution_aborted: 'investigate',
  terminated_by_signal: 'investigate',
  execution_timeout: 'investigate',
  unknown: 'investigate',
};

/**
 * Knowledge entries whose kind differs from their category's: a registry's pull rate limit
 * (toomanyrequests) is an `image_pull` failure that passes once the limit window does.
 */
export const retryKindByEntry: Readonly<Record<string, RetryKind>> = {
  'pull.rate-limit': 'retry_now',
};

/**
 * The redrive rules these texts paraphrase (RedriveExecution, and the NOT_REDRIVABLE reasons of
 * DescribeExecution's redriveStatusReason): Standard workflows only; the execution failed, timed out
 * or was aborted (not running, not succeeded) less than 14 days ago; it did not exceed the history
 * event limit or the maximum execution time. A redrive continues from the unsuccessful states with
 * the same input and the same state machine definition, keeping the successful steps' results.
 */
export const retrySource = sources.sfnRedrive;

/** The placeholder of the command when the execution ARN is not known (a history file alone). */
export const EXECUTION_ARN_PLACEHOLDER = '<execution ARN>';

type RetryTexts = Readonly<Record<RetryKind | 'running', string>>;

const texts: Readonly<Record<Lang, RetryTexts>> = {
  en: {
    retry_now:
      'The cause is likely transient: redrive the execution now. It continues from the failed state with the same input and keeps the results of the steps that succeeded (Standard workflows, within 14 days of the failure). If it fails the same way again, treat the cause as one to fix.',
    fix_first:
      'A re-run repeats this failure until the cause is fixed: fix it first (see the next steps), then redrive the execution. The redrive continues from the failed state with the same input and the same state machine definition (Standard workflows, within 14 days of the failure); if the fix is in the definition or the input, start a new execution instead.',
    not_needed: 'Nothing to re-run: the execution succeeded (a succeeded execution cannot be redriven).',
    investigate:
      'Find out why it stopped before re-running: if the stop or the time limit was intended, do not re-run. Otherwise redrive the execution; it continues from the unsuccessful state with the same input (Standard workflows, within 14 days of the failure).',
    running:
      'The execution has not ended: it can be redriven only once it has failed, timed out or been aborted.',
  },
  ja: {
    retry_now:
      '一時的な原因と考えられます。今すぐ実行を再実行（redrive）してください。失敗したステートから同じ入力で続きを実行し、成功済みのステップの結果はそのまま使います（Standard ワークフローのみ、失敗から 14 日以内）。同じように再び失敗する場合は、修正が必要な原因として扱ってください。',
    fix_first:
      '原因を直すまで、再実行しても同じ失敗を繰り返します。まず原因を修正し（次にやることを参照）、その後で実行を redrive してください。redrive は失敗したステートから同じ入力・同じステートマシン定義で続きを実行します（Standard ワークフローのみ、失敗から 14 日以内）。修正が定義や入力にある場合は、新しい実行を開始してください。',
    not_needed: '再実行は不要です。実行は成功しています（成功した実行は redrive できません）。',
    investigate:
      '再実行の前に、なぜ止まったのかを確認してください。停止や時間制限が意図したものなら再実行しないでください。そうでなければ実行を redrive してください。失敗したステートから同じ入力で続きを実行します（Standard ワークフローのみ、失敗から 14 日以内）。',
    running:
      '実行はまだ終わっていません。redrive できるのは、失敗・タイムアウト・中止で終わった実行だけです。',
  },
};

/** How to re-run a diagnosed failure; `executionStatus` is the Evidence's ('running' while it has not ended). */
export function retryAdviceOf(
  entry: KnowledgeEntry,
  lang: Lang,
  executionArn: string | null,
  executionStatus: string,
): RetryAdvice {
  const kind = retryKindByEntry[entry.id] ?? retryKindByCategory[entry.category];
  const running = executionStatus === 'running';
  const redrivable = kind !== 'not_needed' && !running;
  return {
    kind,
    text: texts[lang][running ? 'running' : kind],
    command: redrivable ? redriveCommand(executionArn) : null,
  };
}

/** `aws stepfunctions redrive-execution` for an execution, its ARN single-quoted when a shell would split it. */
export function redriveCommand(executionArn: string | null): string {
  const arn =
    executionArn === null
      ? EXECUTION_ARN_PLACEHOLDER
      : /^[\w:/.-]+$/.test(executionArn)
        ? executionArn
        : `'${executionArn.replace(/'/g, `'\\''`)}'`;
  return `aws stepfunctions redrive-execution --execution-arn ${arn}`;
}
