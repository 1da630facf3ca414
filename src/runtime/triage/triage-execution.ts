import { SekishoError } from '../../shared/errors.js';
import type { DiagnoseOptions } from '../../triage/diagnose.js';
import type { Diagnosis, Lang, RedriveState } from '../../triage/diagnosis.js';
import { parseHistory } from '../../triage/history/parse-history.js';
import { diagnoseInput, type TriageInput } from '../../triage/input/read-triage-input.js';
import type { ExecutionHistorySource, ExecutionRecord } from '../../triage/ports.js';
import { describeError } from './describe-error.js';
import { enrichWithLogs, type LogEnrichmentDeps } from './enrich-with-logs.js';

/** Options of {@link triageExecution} and {@link diagnoseAndEnrich}. */
export interface TriageOptions {
  readonly lang: Lang;
  /** Log lines to fetch from the failed container; 0 skips the enrichment. */
  readonly logLines: number;
  readonly region?: string;
  readonly executionArn?: string;
  /** From DescribeExecution: the state machine to start anew when the execution cannot be redriven. */
  readonly stateMachineArn?: string;
  /** DescribeExecution's redrive status; absent for a history file. */
  readonly redrive?: RedriveState | null;
  /** The last successful execution of the state machine, for the "what changed" hint (live reads). */
  readonly previousSuccess?: DiagnoseOptions['previousSuccess'];
}

/** A diagnosis and the notes about what could not be added to it. */
export interface TriageResult {
  readonly diagnosis: Diagnosis;
  readonly notes: readonly string[];
}

/**
 * Diagnoses a parsed input (a history, a stopped ECS task), then, when `enrichment` is given, adds the
 * failed container's last log lines. A failed enrichment becomes a note, never an error.
 */
export async function diagnoseAndEnrich(
  input: TriageInput,
  enrichment: LogEnrichmentDeps | null,
  options: TriageOptions,
): Promise<TriageResult> {
  const base = {
    lang: options.lang,
    ...(options.region === undefined ? {} : { region: options.region }),
    ...(options.executionArn === undefined ? {} : { executionArn: options.executionArn }),
    ...(options.stateMachineArn === undefined ? {} : { stateMachineArn: options.stateMachineArn }),
    ...(options.redrive === undefined ? {} : { redrive: options.redrive }),
    ...(options.previousSuccess ? { previousSuccess: options.previousSuccess } : {}),
  };
  const first = diagnoseInput(input, base);
  if (enrichment === null || options.logLines <= 0) return { diagnosis: first, notes: [] };
  const logs = await enrichWithLogs(first, enrichment, options.logLines);
  if (logs.kind === 'none')
    // A failure without an ECS task (a Lambda error, a Fail state) has no log to miss.
    return { diagnosis: first, notes: first.evidence.taskArn === null ? [] : [logs.note] };
  return {
    diagnosis: diagnoseInput(input, { ...base, logLines: logs.lines, logStream: logs.stream }),
    notes: [],
  };
}

/**
 * Reads an execution's whole history from Step Functions.
 *
 * @throws SekishoError `EXECUTION_NOT_FOUND` (status 404) when Step Functions does not know the ARN,
 *   `AWS_UNAVAILABLE` (status 502) when it cannot be read.
 */
export async function readExecution(
  executionArn: string,
  source: ExecutionHistorySource,
  region: string,
): Promise<ExecutionRecord> {
  try {
    return await source.getHistory(executionArn);
  } catch (error) {
    const name = (error as { name?: unknown }).name;
    if (name === 'ExecutionDoesNotExist')
      throw new SekishoError(
        'EXECUTION_NOT_FOUND',
        `Step Functions in ${region} has no execution ${executionArn}. Check the ARN, the account of your credentials and the region (--region).`,
        { status: 404, cause: error },
      );
    throw new SekishoError(
      'AWS_UNAVAILABLE',
      `Could not read execution ${executionArn} from Step Functions in ${region}: ${describeError(error)}. Check your network, credentials and region, or pass the history as a file (aws stepfunctions get-execution-history --execution-arn ARN --output json > history.json).`,
      { status: 502, cause: error },
    );
  }
}

/** Reads a live execution, diagnoses it and enriches it with the failed container's log. */
export async function triageExecution(
  executionArn: string,
  source: ExecutionHistorySource,
  enrichment: LogEnrichmentDeps | null,
  options: TriageOptions & { readonly region: string },
): Promise<TriageResult & { readonly record: ExecutionRecord }> {
  const record = await readExecution(executionArn, source, options.region);
  const history = parseHistory({ events: record.events });
  const { stateMachineArn, redrive, status } = record.execution;
  const previous =
    stateMachineArn === null || status === 'SUCCEEDED'
      ? { value: null, note: null }
      : await readPreviousSuccess(source, stateMachineArn, executionArn);
  const result = await diagnoseAndEnrich({ kind: 'history', history }, enrichment, {
    ...options,
    executionArn,
    ...(stateMachineArn === null ? {} : { stateMachineArn }),
    redrive,
    previousSuccess: previous.value,
  });
  return {
    ...result,
    notes: previous.note === null ? result.notes : [...result.notes, previous.note],
    record,
  };
}

/**
 * The last successful execution of the state machine, for the "what changed" hint. Reading it is a
 * bonus: a source without it, or a failure to read it, gives no hint and a note, never an error.
 */
async function readPreviousSuccess(
  source: ExecutionHistorySource,
  stateMachineArn: string,
  executionArn: string,
): Promise<{ value: DiagnoseOptions['previousSuccess']; note: string | null }> {
  if (source.lastSucceeded === undefined) return { value: null, note: null };
  try {
    const last = await source.lastSucceeded(stateMachineArn);
    if (last === null || last.execution.executionArn === executionArn) return { value: null, note: null };
    return {
      value: { executionArn: last.execution.executionArn, history: parseHistory({ events: last.events }) },
      note: null,
    };
  } catch (error) {
    return {
      value: null,
      note: `Could not read the last successful execution to compare with: ${describeError(error)}`,
    };
  }
}
