import type { Diagnosis } from '../../triage/diagnosis.js';
import { renderMarkdown } from '../../triage/render/render-markdown.js';
import { renderSlackMessage } from '../../triage/render/render-slack-message.js';
import { renderText } from '../../triage/render/render-text.js';
import { toJsonReport } from '../../triage/render/to-json-report.js';

/** The output formats of `sekisho triage`. */
export const triageFormats = ['text', 'json', 'markdown', 'slack'] as const;
export type TriageFormat = (typeof triageFormats)[number];

/**
 * A diagnosis as the CLI prints it, ending in a newline. `notes` (what could not be added, such as
 * the log lines) close the text and markdown output and are the `notes` field of the JSON.
 */
export function formatDiagnosis(
  diagnosis: Diagnosis,
  format: TriageFormat,
  notes: readonly string[],
): string {
  switch (format) {
    case 'text':
      return `${withNewline(renderText(diagnosis))}${notes.map((n) => `Note: ${n}\n`).join('')}`;
    case 'markdown':
      return `${withNewline(renderMarkdown(diagnosis))}${notes.map((n) => `\n> Note: ${n}\n`).join('')}`;
    case 'json':
      return `${JSON.stringify({ ...toJsonReport(diagnosis), notes }, null, 2)}\n`;
    case 'slack':
      return `${JSON.stringify(renderSlackMessage(diagnosis), null, 2)}\n`;
  }
}

function withNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}
