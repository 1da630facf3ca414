import type { Category, Lang } from '../diagnosis.js';

/**
 * What to tell the person paged: in one language. Texts are templates: `{name}` is a value of the
 * diagnosis, and `[[with {name}||without]]` chooses the first text when every value it names is
 * known, the second otherwise, so a missing value never shows as a placeholder.
 */
export interface Advice {
  readonly title: string;
  readonly explanation: string;
  readonly nextSteps: readonly string[];
}

/**
 * One piece of knowledge: a stop code, an error message family, an exit code or an API error, the
 * category it implies, what to do about it in each language, and the document it comes from.
 *
 * To teach the triage a new message, add a `MessageEntry` to the family file it belongs to
 * (pull-errors, init-errors, start-errors, task-errors: most specific first), with its `source`, both
 * languages, and the document's own example text in test/fixtures/triage/documents/aws-messages.json;
 * message-families.ts decides which family a text is read in.
 */
export interface KnowledgeEntry {
  /** A stable id, also reported as the diagnosis' `cause` (finer than its category). */
  readonly id: string;
  readonly category: Category;
  /** The AWS (or other primary) documentation page this entry paraphrases. */
  readonly source: string;
  readonly en: Advice;
  readonly ja: Advice;
}

/** An entry recognised by the text of a stopped reason, container reason, error or cause. */
export interface MessageEntry extends KnowledgeEntry {
  readonly pattern: RegExp;
  /** The message only says "a container exited": the container's exit code says why. */
  readonly deferToExitCode?: boolean;
}

/** Values for the `{placeholders}` in advice texts; null when the payload does not tell. */
export type AdviceValues = Readonly<Record<string, string | number | null>>;

/** What a value reads as when the payload does not give it and no `[[…||…]]` alternative was written. */
const fallbacks: Readonly<Record<Lang, Readonly<Record<string, string>>>> = {
  en: {
    container: 'the container',
    taskDefinition: 'the task definition',
    command: 'the command of the task definition',
    state: 'the failed state',
    error: 'an error',
    reason: 'the reason below',
    endpoint: 'the AWS endpoint',
    image: 'the image',
    registry: 'the registry',
    subnet: 'the task subnets',
    taskArn: 'the task',
    cluster: 'the cluster',
    exitCode: 'an unknown code',
    signal: 'a signal',
    jobName: 'the job',
  },
  ja: {
    container: 'コンテナ',
    taskDefinition: 'タスク定義',
    command: 'タスク定義のコマンド',
    state: '失敗したステート',
    error: 'エラー',
    reason: '下の理由',
    endpoint: 'AWS エンドポイント',
    image: 'イメージ',
    registry: 'レジストリ',
    subnet: 'タスクのサブネット',
    taskArn: 'タスク',
    cluster: 'クラスター',
    exitCode: '不明なコード',
    signal: 'シグナル',
    jobName: 'ジョブ',
  },
};

// An innermost `[[a||b]]` (neither part holds another); outer ones are resolved after it.
const ALTERNATIVE = /\[\[((?:(?!\[\[|\]\]|\|\|)[\s\S])*)\|\|((?:(?!\[\[|\]\])[\s\S])*)\]\]/g;
const QUOTED = /(?:container |コンテナ )?'\{(\w+)\}'/g;
// `{name}` is a value; `{?name}` only asks whether it is known (it renders as nothing).
const PLACEHOLDER = /\{(\??)(\w+)\}/g;

const known = (values: AdviceValues, key: string) => {
  const value = values[key];
  return value !== null && value !== undefined && value !== '';
};

/**
 * Fills one template: each `[[a||b]]` becomes `a` when all of its values are known, else `b`; then each
 * `{name}` becomes its value, or the language's word for it ("the container"), never "?".
 */
export function fillTemplate(text: string, lang: Lang, values: AdviceValues): string {
  // A quoted name ("container 'app'") reads as the plain word ("the container") when it is unknown.
  let chosen = text.replace(QUOTED, (whole, key: string) => (known(values, key) ? whole : `{${key}}`));
  for (let previous = ''; previous !== chosen; ) {
    previous = chosen;
    chosen = chosen.replace(ALTERNATIVE, (_, withValues: string, without: string) =>
      [...withValues.matchAll(PLACEHOLDER)].every((m) => known(values, m[2] ?? '')) ? withValues : without,
    );
  }
  return chosen.replace(PLACEHOLDER, (_, flag: string, key: string) =>
    flag === '?' ? '' : known(values, key) ? String(values[key]) : (fallbacks[lang][key] ?? ''),
  );
}

/** The advice of an entry in a language, with its templates filled; steps that come out empty are dropped. */
export function adviceOf(entry: KnowledgeEntry, lang: Lang, values: AdviceValues): Advice {
  const advice = entry[lang];
  const fill = (text: string) => fillTemplate(text, lang, values);
  return {
    title: fill(advice.title),
    explanation: fill(advice.explanation),
    nextSteps: advice.nextSteps.map(fill).filter((step) => step.trim() !== ''),
  };
}
