/**
 * `sekisho/triage`: explain why a Step Functions execution (an ECS batch job) failed, and render the
 * explanation for a terminal, a document or Slack.
 *
 * Everything here is pure or reads local files, except {@link triageLive}, which imports the AWS SDK
 * when it is first called. Importing this module loads neither the AWS SDK nor a database.
 *
 * @example
 * ```ts
 * import { diagnose, parseHistory, renderText } from 'sekisho/triage';
 * const diagnosis = diagnose(parseHistory(historyJson), { lang: 'en' });
 * console.log(renderText(diagnosis));
 * ```
 * @packageDocumentation
 */

export type { LogEnrichmentDeps } from '../runtime/triage/enrich-with-logs.js';
export { formatDiagnosis, type TriageFormat, triageFormats } from '../runtime/triage/format-diagnosis.js';
export { type HistoryInput, readTriageFile } from '../runtime/triage/read-triage-file.js';
export {
  diagnoseAndEnrich,
  type TriageOptions,
  type TriageResult,
  triageExecution,
} from '../runtime/triage/triage-execution.js';
export { type LiveTriageOptions, triageLive } from '../runtime/triage/triage-live.js';
export { type DiagnoseOptions, diagnose, diagnoseTask } from '../triage/diagnose.js';
export {
  type Category,
  categories,
  type Diagnosis,
  type Evidence,
  type Lang,
  type Link,
  type RedriveState,
  type RetryAdvice,
  type RetryKind,
} from '../triage/diagnosis.js';
export { type ExecutionHistory, type HistoryEvent, parseHistory } from '../triage/history/parse-history.js';
export { readTriageInput, type TriageInput } from '../triage/input/read-triage-input.js';
export type {
  ChatMessage,
  ExecutionHistorySource,
  ExecutionRecord,
  ExecutionSummary,
  LogTailSource,
  Notifier,
  TaskDefinitionSource,
  TaskDefinitionView,
} from '../triage/ports.js';
export { renderMarkdown } from '../triage/render/render-markdown.js';
export { renderSlackMessage } from '../triage/render/render-slack-message.js';
export { renderText } from '../triage/render/render-text.js';
export {
  renderUndiagnosedSlackMessage,
  type UndiagnosedFailure,
} from '../triage/render/render-undiagnosed-slack-message.js';
export { type JsonReport, toJsonReport } from '../triage/render/to-json-report.js';
