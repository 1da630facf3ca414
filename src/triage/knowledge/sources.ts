/** The documents the knowledge base paraphrases; each entry names the one it comes from. */
export const sources = {
  stopCodes: 'https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Task.html',
  stoppedTaskErrors:
    'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/stopped-task-error-codes.html',
  viewStoppedErrors: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/stopped-task-errors.html',
  cannotPull: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_cannot_pull_image.html',
  fargatePull: 'https://repost.aws/knowledge-center/ecs-fargate-pull-container-error',
  resourceInit:
    'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/resource-initialization-error.html',
  unableToPullSecrets: 'https://repost.aws/knowledge-center/ecs-unable-to-pull-secrets',
  cannotStart: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/cannot-start-container.html',
  taskStopped: 'https://repost.aws/knowledge-center/ecs-task-stopped',
  outOfMemory: 'https://repost.aws/knowledge-center/ecs-resolve-outofmemory-errors',
  apiFailures: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/api_failures_messages.html',
  runTask: 'https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RunTask.html',
  ecsCommonErrors: 'https://docs.aws.amazon.com/AmazonECS/latest/APIReference/CommonErrors.html',
  fargateSpot: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-capacity-providers.html',
  taskRetirement: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-maintenance.html',
  sfnErrors: 'https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html',
  sfnEcs: 'https://docs.aws.amazon.com/step-functions/latest/dg/connect-ecs.html',
  sfnLambda: 'https://docs.aws.amazon.com/step-functions/latest/dg/connect-lambda.html',
  sfnMapRun: 'https://docs.aws.amazon.com/step-functions/latest/dg/concepts-examine-map-run.html',
  sfnFail: 'https://docs.aws.amazon.com/step-functions/latest/dg/state-fail.html',
  sfnTimeout: 'https://docs.aws.amazon.com/step-functions/latest/dg/statemachine-structure.html',
  sfnStop: 'https://docs.aws.amazon.com/step-functions/latest/apireference/API_StopExecution.html',
  exitCodes: 'https://tldp.org/LDP/abs/html/exitcodes.html',
  signals: 'https://man7.org/linux/man-pages/man7/signal.7.html',
} as const;
