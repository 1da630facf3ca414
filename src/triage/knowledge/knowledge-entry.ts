import type { Category, Lang } from '../diagnosis.js';

/** What to tell the person paged: in one language. `{name}` placeholders are filled by the diagnosis. */
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
 * (pull-errors, init-errors, task-errors: most specific first), with its `source`, both languages and
 * a fixture under test/fixtures/triage; message-families.ts decides which family a text is read in.
 */
export interface KnowledgeEntry {
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

/** Values for the `{placeholders}` in advice texts. */
export type AdviceValues = Readonly<Record<string, string | number | null>>;

/** The advice of an entry in a language, with `{placeholders}` filled (unknown values read "?"). */
export function adviceOf(entry: KnowledgeEntry, lang: Lang, values: AdviceValues): Advice {
  const advice = entry[lang];
  const fill = (text: string) =>
    text.replace(/\{(\w+)\}/g, (_, key: string) => {
      const value = values[key];
      return value === null || value === undefined ? '?' : String(value);
    });
  return {
    title: fill(advice.title),
    explanation: fill(advice.explanation),
    nextSteps: advice.nextSteps.map(fill),
  };
}
