/**
 * Every history event type documented for GetExecutionHistory
 * (https://docs.aws.amazon.com/step-functions/latest/apireference/API_HistoryEvent.html).
 * Read through an object's keys, which V8 keeps as interned strings (the pieces of a split are not):
 * parseHistory gives each event these very strings, so later lookups and `===` compare pointers.
 */
export const knownEventTypes: ReadonlySet<string> = interned(
  `ActivityFailed ActivityScheduled ActivityScheduleFailed ActivityStarted ActivitySucceeded ActivityTimedOut
  ChoiceStateEntered ChoiceStateExited ExecutionAborted ExecutionFailed ExecutionStarted ExecutionSucceeded
  ExecutionTimedOut ExecutionRedriven FailStateEntered LambdaFunctionFailed LambdaFunctionScheduled
  LambdaFunctionScheduleFailed LambdaFunctionStarted LambdaFunctionStartFailed LambdaFunctionSucceeded
  LambdaFunctionTimedOut MapIterationAborted MapIterationFailed MapIterationStarted MapIterationSucceeded
  MapStateAborted MapStateEntered MapStateExited MapStateFailed MapStateStarted MapStateSucceeded
  ParallelStateAborted ParallelStateEntered ParallelStateExited ParallelStateFailed ParallelStateStarted
  ParallelStateSucceeded PassStateEntered PassStateExited SucceedStateEntered SucceedStateExited TaskFailed
  TaskScheduled TaskStarted TaskStartFailed TaskStateAborted TaskStateEntered TaskStateExited TaskSubmitFailed
  TaskSubmitted TaskSucceeded TaskTimedOut WaitStateAborted WaitStateEntered WaitStateExited MapRunAborted
  MapRunFailed MapRunStarted MapRunSucceeded MapRunRedriven ChoiceStateAborted PassStateAborted
  EvaluationFailed`.split(/\s+/),
);

function interned(names: readonly string[]): ReadonlySet<string> {
  return new Set(Object.keys(Object.fromEntries(names.map((name) => [name, true]))));
}

/** A failure of a unit of work (a task, a Lambda call, an activity, an expression, a Map Run). */
export const leafFailureTypes: ReadonlySet<string> = new Set([
  'TaskFailed',
  'TaskTimedOut',
  'TaskStartFailed',
  'TaskSubmitFailed',
  'LambdaFunctionFailed',
  'LambdaFunctionTimedOut',
  'LambdaFunctionStartFailed',
  'LambdaFunctionScheduleFailed',
  'ActivityFailed',
  'ActivityTimedOut',
  'ActivityScheduleFailed',
  'EvaluationFailed',
  'MapRunFailed',
]);

/** The start of one attempt of a unit of work: Retry shows as several of these in one state entry. */
export const attemptStartTypes: ReadonlySet<string> = new Set([
  'TaskScheduled',
  'LambdaFunctionScheduled',
  'ActivityScheduled',
]);

/** The end of an attempt that worked: the state entry it belongs to did not fail there. */
export const leafSuccessTypes: ReadonlySet<string> = new Set([
  'TaskSucceeded',
  'LambdaFunctionSucceeded',
  'ActivitySucceeded',
  'MapRunSucceeded',
]);

export const terminalExecutionTypes: ReadonlySet<string> = new Set([
  'ExecutionFailed',
  'ExecutionTimedOut',
  'ExecutionAborted',
  'ExecutionSucceeded',
]);
