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
  // A timeout to an AWS endpoint is a route, security group or endpoint that is missing, not a blip;
  // it becomes `retry_now` only when the same state succeeded earlier in the execution (see below).
  network: 'fix_first',
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
  // A broken or full host takes the retry too unless it is drained first.
  'pull.host-storage': 'fix_first',
  'pull.disk-full': 'fix_first',
  'task.host-storage': 'fix_first',
  'lambda.throttled': 'retry_now',
};

/** Why the advice is what it is, in one line: by entry, then by category, then by kind. */
const reasons: Readonly<
  Record<
    Lang,
    {
      readonly byEntry: Readonly<Record<string, string>>;
      readonly byCategory: Partial<Readonly<Record<Category, string>>>;
      readonly byKind: Readonly<Record<RetryKind, string>>;
      readonly provenPath: (state: string, times: number) => string;
      readonly recovered: string;
    }
  >
> = {
  en: {
    byEntry: {
      'pull.rate-limit': 'A registry rate limit passes once its time window resets.',
      'pull.host-storage': 'A retry can land on the same broken host: drain it first.',
      'pull.disk-full': 'A retry can land on the same full host: free or drain it first.',
      'task.host-storage': 'A retry can land on the same broken host: drain it first.',
      'task.eni-timeout': 'Fargate’s network interface provisioning fails intermittently on AWS’s side.',
      'lambda.throttled': 'Lambda concurrency frees up within moments; a backoff Retry absorbs it.',
      'lambda.service': 'Lambda service exceptions are transient by AWS’s own description.',
    },
    byCategory: {
      network:
        'A timeout reaching an AWS endpoint from a task is usually a lasting network misconfiguration (route, security group, VPC endpoint, DNS), not a blip.',
      capacity: 'Capacity (Fargate, instances, concurrency) usually frees up within minutes.',
      spot_interruption: 'AWS reclaimed the Spot capacity; the job itself did not fail.',
      infrastructure: 'The failure was on AWS’s or the host’s side, not in the job or its configuration.',
      task_timeout: 'A job that ran out of time runs out of time again unless the limit or the job changes.',
      out_of_memory:
        'The job needs more memory than its limit: it runs out again until the limit or the job changes.',
      application_error: 'The program reported its own failure: the same code and input fail the same way.',
      image_pull:
        'The image reference, its registry or the pull permissions are wrong until someone changes them.',
      secrets: 'A missing secret or a refused permission stays missing or refused until someone changes it.',
      permissions: 'A refused permission stays refused until the policy changes.',
    },
    byKind: {
      retry_now: 'The cause is likely transient.',
      fix_first:
        'The cause is in the code, the image or the configuration: a re-run fails the same way until it changes.',
      investigate:
        'It was stopped or timed out, or its cause is unknown: a re-run may repeat a stop that was meant.',
      not_needed: 'The execution succeeded.',
    },
    provenPath: (state, times) =>
      `${state} succeeded ${times === 1 ? 'once' : `${times} times`} earlier in this execution with the same configuration, so the network path works: this failure looks transient.`,
    recovered: 'It succeeded: the failed attempts were retried by the state’s Retry.',
  },
  ja: {
    byEntry: {
      'pull.rate-limit': 'レジストリのレート制限は時間枠がリセットされれば解除されます。',
      'pull.host-storage': '再実行が同じ壊れたホストに載ることがあるため、先にドレインしてください。',
      'pull.disk-full': '再実行が同じ満杯のホストに載ることがあるため、先に空けるかドレインしてください。',
      'task.host-storage': '再実行が同じ壊れたホストに載ることがあるため、先にドレインしてください。',
      'task.eni-timeout': 'Fargate のネットワークインターフェースの準備は AWS 側で断続的に失敗します。',
      'lambda.throttled': 'Lambda の同時実行数はすぐに空くため、バックオフ付き Retry で吸収できます。',
      'lambda.service': 'Lambda のサービス例外は AWS 自身が一時的なものとしています。',
    },
    byCategory: {
      network:
        'タスクから AWS エンドポイントへのタイムアウトは一時的な不調ではなく、多くは持続するネットワーク設定の誤り（ルート、セキュリティグループ、VPC エンドポイント、DNS）です。',
      capacity: 'キャパシティ（Fargate、インスタンス、同時実行数）は多くの場合数分で空きます。',
      spot_interruption: 'AWS が Spot キャパシティを回収したもので、ジョブ自体の失敗ではありません。',
      infrastructure: '失敗は AWS またはホストの側で起きており、ジョブやその設定の問題ではありません。',
      task_timeout: '時間切れになったジョブは、上限かジョブを変えない限り再び時間切れになります。',
      out_of_memory:
        'ジョブが上限より多くのメモリを必要としています。上限かジョブを変えるまで再びメモリ不足になります。',
      application_error: 'プログラム自身が失敗を報告しています。同じコードと入力では同じように失敗します。',
      image_pull: 'イメージの参照、レジストリ、pull の権限は、誰かが直すまで誤ったままです。',
      secrets: '存在しないシークレットや拒否された権限は、誰かが直すまでそのままです。',
      permissions: '拒否された権限は、ポリシーを変えるまで拒否されたままです。',
    },
    byKind: {
      retry_now: '一時的な原因と考えられます。',
      fix_first: '原因はコード・イメージ・設定にあり、変えるまで再実行しても同じように失敗します。',
      investigate: '停止・タイムアウト、または原因不明のため、再実行は意図した停止を繰り返すかもしれません。',
      not_needed: '実行は成功しています。',
    },
    provenPath: (state, times) =>
      `この実行では ${state} が同じ設定で以前に ${times} 回成功しており、ネットワーク経路は機能しています。この失敗は一時的なものと考えられます。`,
    recovered: '成功しています。失敗した試行はステートの Retry で再試行されました。',
  },
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
  /** The failed state and how many of its runs succeeded before the failure (a proven network path). */
  readonly stateName?: string | null;
  readonly sameStateSucceeded?: number;
  /** Failed attempts of a succeeded execution (retried by the state's Retry). */
  readonly failedAttempts?: number;
  /** A stopped ECS task read without Step Functions: it is re-run with RunTask or its schedule, not redriven. */
  readonly standaloneTask?: boolean;
}

/** The kind of advice and its one-line reason, from the entry, its category and what the history proves. */
function kindAndReason(entry: KnowledgeEntry, lang: Lang, context: RetryContext) {
  const r = reasons[lang];
  const proven = context.sameStateSucceeded ?? 0;
  if (entry.category === 'network' && proven > 0 && context.stateName)
    return { kind: 'retry_now' as const, reason: r.provenPath(context.stateName, proven) };
  const kind = retryKindByEntry[entry.id] ?? retryKindByCategory[entry.category];
  if (kind === 'not_needed' && (context.failedAttempts ?? 0) > 0) return { kind, reason: r.recovered };
  return { kind, reason: r.byEntry[entry.id] ?? r.byCategory[entry.category] ?? r.byKind[kind] };
}

const standaloneTexts: Readonly<Record<Lang, Readonly<Record<Exclude<RetryKind, 'not_needed'>, string>>>> = {
  en: {
    retry_now:
      'Run the task again the way it was started (its EventBridge schedule, or `aws ecs run-task` with the same task definition, overrides and network configuration). If it fails the same way again, treat the cause as one to fix.',
    fix_first:
      'Fix the cause first (see the next steps), then run the task again the way it was started (its EventBridge schedule, or `aws ecs run-task` with the same task definition, overrides and network configuration).',
    investigate:
      'Find out why it stopped before running it again: if the stop was intended, do not. Otherwise run it the way it was started (its schedule, or `aws ecs run-task`).',
  },
  ja: {
    retry_now:
      '起動したときと同じ方法（EventBridge のスケジュール、または同じタスク定義・オーバーライド・ネットワーク設定での `aws ecs run-task`）でタスクを再実行してください。同じように再び失敗する場合は、修正が必要な原因として扱ってください。',
    fix_first:
      'まず原因を修正し（次にやることを参照）、起動したときと同じ方法（EventBridge のスケジュール、または同じタスク定義・オーバーライド・ネットワーク設定での `aws ecs run-task`）でタスクを再実行してください。',
    investigate:
      '再実行の前に、なぜ止まったのかを確認してください。意図した停止なら再実行しないでください。そうでなければ、起動したときと同じ方法（スケジュール、または `aws ecs run-task`）で実行してください。',
  },
};

/**
 * How to re-run a diagnosed failure. The kind comes from the knowledge base; when Step Functions was
 * asked (a live read), its redriveStatus decides the command: NOT_REDRIVABLE turns the redrive into
 * a new execution of the state machine, REDRIVABLE confirms the redrive, REDRIVABLE_BY_MAP_RUN
 * points at the parent execution.
 */
export function retryAdviceOf(entry: KnowledgeEntry, lang: Lang, context: RetryContext): RetryAdvice {
  const { kind, reason } = kindAndReason(entry, lang, context);
  const { redrive } = context;
  // A succeeded or running execution has nothing to re-run whatever AWS adds (its NOT_REDRIVABLE
  // reason would only repeat the status).
  if (kind === 'not_needed' || context.executionStatus === 'running')
    return {
      kind,
      reason,
      text: texts[lang][kind === 'not_needed' ? kind : 'running'],
      command: null,
      redrive,
    };
  if (context.standaloneTask)
    return { kind, reason, text: standaloneTexts[lang][kind], command: null, redrive: null };
  const t = redriveTexts[lang];
  const before = redrive !== null && redrive.count > 0 ? t.redrivenBefore(redrive.count) : null;
  if (redrive?.status === 'NOT_REDRIVABLE')
    return {
      kind,
      reason,
      text: joined(lang, [t.notRedrivable[kind](redrive.reason), before]),
      command: startExecutionCommand(context.stateMachineArn),
      redrive,
    };
  const byMapRun = redrive?.status === 'REDRIVABLE_BY_MAP_RUN';
  const ruling = redrive === null ? null : byMapRun ? t.byMapRun : t.confirmed;
  return {
    kind,
    reason,
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
