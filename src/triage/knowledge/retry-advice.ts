import type { Category, Lang, RedriveState, RetryAdvice, RetryKind } from '../diagnosis.js';
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

/** The placeholder of start-execution's state machine when neither Step Functions nor the execution ARN tells it. */
export const STATE_MACHINE_ARN_PLACEHOLDER = '<state machine ARN>';

/** The parent execution a Map Run's child workflow is redriven through (the child's ARN does not name it). */
export const PARENT_EXECUTION_ARN_PLACEHOLDER = '<parent execution ARN>';

/**
 * The input of start-execution: sekisho never reads the execution's input (it can be large or
 * sensitive), so the command points at a file the operator saves it to.
 */
export const INPUT_PLACEHOLDER = 'file://input.json';

type RetryTexts = Readonly<Record<RetryKind | 'running', string>>;

/** What is said when DescribeExecution has been read: the kinds that re-run something, once AWS has ruled. */
interface RedriveTexts {
  /** NOT_REDRIVABLE: AWS's reason (in its own words) is put in by the function. */
  readonly notRedrivable: Readonly<
    Record<Exclude<RetryKind, 'not_needed'>, (reason: string | null) => string>
  >;
  readonly confirmed: string;
  readonly byMapRun: string;
  readonly redrivenBefore: (count: number) => string;
}

const redriveTexts: Readonly<Record<Lang, RedriveTexts>> = {
  en: {
    notRedrivable: {
      retry_now: (reason) =>
        `The cause is likely transient, but Step Functions says this execution cannot be redriven${because(reason)}: start a new execution of the state machine with the original input instead. It runs every step again from the start. If it fails the same way again, treat the cause as one to fix.`,
      fix_first: (reason) =>
        `A re-run repeats this failure until the cause is fixed: fix it first (see the next steps). Step Functions says this execution cannot be redriven${because(reason)}, so then start a new execution of the state machine with the original input; it runs every step again from the start.`,
      investigate: (reason) =>
        `Find out why it stopped before re-running: if the stop or the time limit was intended, do not re-run. Step Functions says this execution cannot be redriven${because(reason)}: to re-run it, start a new execution of the state machine with the original input; it runs every step again from the start.`,
    },
    confirmed: 'Step Functions confirms that this execution can be redriven now.',
    byMapRun:
      'Step Functions says this child workflow of a Map Run is redriven through its Map Run: redrive the parent execution, which redrives the unsuccessful child workflows.',
    redrivenBefore: (count) =>
      `It has been redriven ${count} ${count === 1 ? 'time' : 'times'} before: if the same failure keeps coming back, it is not transient.`,
  },
  ja: {
    notRedrivable: {
      retry_now: (reason) =>
        `一時的な原因と考えられますが、Step Functions によるとこの実行は redrive できません${becauseJa(reason)}。代わりに、元の入力でステートマシンの新しい実行を開始してください。すべてのステップを最初から実行し直します。同じように再び失敗する場合は、修正が必要な原因として扱ってください。`,
      fix_first: (reason) =>
        `原因を直すまで、再実行しても同じ失敗を繰り返します。まず原因を修正してください（次にやることを参照）。Step Functions によるとこの実行は redrive できないため${becauseJa(reason)}、修正後は元の入力でステートマシンの新しい実行を開始してください。すべてのステップを最初から実行し直します。`,
      investigate: (reason) =>
        `再実行の前に、なぜ止まったのかを確認してください。停止や時間制限が意図したものなら再実行しないでください。Step Functions によるとこの実行は redrive できません${becauseJa(reason)}。再実行する場合は、元の入力でステートマシンの新しい実行を開始してください。すべてのステップを最初から実行し直します。`,
    },
    confirmed: 'Step Functions により、この実行が今 redrive できることを確認しました。',
    byMapRun:
      'Step Functions によると、この実行は Map Run の子ワークフローで、Map Run を通じて redrive されます。親の実行を redrive すると、失敗した子ワークフローが redrive されます。',
    redrivenBefore: (count) =>
      `この実行はこれまでに ${count} 回 redrive されています。同じ失敗が繰り返されるなら、一時的な原因ではありません。`,
  },
};

// AWS's reason is quoted as it came (English), so the operator can search for it.
const because = (reason: string | null) => (reason === null ? '' : ` ("${reason}")`);
const becauseJa = (reason: string | null) => (reason === null ? '' : `（「${reason}」）`);

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

/** What the retry advice knows of the execution besides its diagnosis. */
export interface RetryContext {
  readonly executionArn: string | null;
  /** From DescribeExecution, or derived from the execution ARN; null when neither tells it. */
  readonly stateMachineArn: string | null;
  /** The Evidence's executionStatus ('running' while it has not ended). */
  readonly executionStatus: string;
  /** DescribeExecution's ruling on a redrive; null for a history file, which keeps the general advice. */
  readonly redrive: RedriveState | null;
}

/**
 * How to re-run a diagnosed failure. The kind comes from the knowledge base; when Step Functions was
 * asked (a live read), its redriveStatus decides the command: NOT_REDRIVABLE turns the redrive into
 * a new execution of the state machine, REDRIVABLE confirms the redrive, REDRIVABLE_BY_MAP_RUN
 * points at the parent execution.
 */
export function retryAdviceOf(entry: KnowledgeEntry, lang: Lang, context: RetryContext): RetryAdvice {
  const kind = retryKindByEntry[entry.id] ?? retryKindByCategory[entry.category];
  const { redrive } = context;
  // A succeeded or running execution has nothing to re-run whatever AWS adds (its NOT_REDRIVABLE
  // reason would only repeat the status).
  if (kind === 'not_needed' || context.executionStatus === 'running')
    return {
      kind,
      text: texts[lang][kind === 'not_needed' ? kind : 'running'],
      command: null,
      redrive,
    };
  const t = redriveTexts[lang];
  const before = redrive !== null && redrive.count > 0 ? t.redrivenBefore(redrive.count) : null;
  if (redrive?.status === 'NOT_REDRIVABLE')
    return {
      kind,
      text: joined(lang, [t.notRedrivable[kind](redrive.reason), before]),
      command: startExecutionCommand(context.stateMachineArn),
      redrive,
    };
  const byMapRun = redrive?.status === 'REDRIVABLE_BY_MAP_RUN';
  const ruling = redrive === null ? null : byMapRun ? t.byMapRun : t.confirmed;
  return {
    kind,
    text: joined(lang, [texts[lang][kind], ruling, before]),
    command: byMapRun
      ? `aws stepfunctions redrive-execution --execution-arn ${PARENT_EXECUTION_ARN_PLACEHOLDER}`
      : redriveCommand(context.executionArn),
    redrive,
  };
}

// Japanese sentences end in 。 and run on without a space.
const joined = (lang: Lang, parts: readonly (string | null)[]) =>
  parts.filter((p): p is string => p !== null).join(lang === 'ja' ? '' : ' ');

/** `aws stepfunctions redrive-execution` for an execution, its ARN single-quoted when a shell would split it. */
export function redriveCommand(executionArn: string | null): string {
  return `aws stepfunctions redrive-execution --execution-arn ${executionArn === null ? EXECUTION_ARN_PLACEHOLDER : shellWord(executionArn)}`;
}

/**
 * `aws stepfunctions start-execution` of the state machine, with the original input to be saved to
 * input.json (`aws stepfunctions describe-execution --query input --output text`): a new execution
 * is what is left when the old one cannot be redriven.
 */
export function startExecutionCommand(stateMachineArn: string | null): string {
  const arn = stateMachineArn === null ? STATE_MACHINE_ARN_PLACEHOLDER : shellWord(stateMachineArn);
  return `aws stepfunctions start-execution --state-machine-arn ${arn} --input ${INPUT_PLACEHOLDER}`;
}

/** An ARN a shell keeps whole: as is when it is plain, single-quoted otherwise. Placeholders stay bare, to be replaced. */
function shellWord(word: string): string {
  return /^[\w:/.-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
