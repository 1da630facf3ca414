/** Parts of ARNs and AWS console URLs; pure string work. */

/** The region of an ARN (`arn:aws:ecs:eu-west-1:...` → 'eu-west-1'), or null. */
export function regionOfArn(arn: string | null | undefined): string | null {
  const region = arn?.split(':')[3];
  return region !== undefined && /^[a-z]{2}(-[a-z]+)+-\d+$/.test(region) ? region : null;
}

/** The task id: the last path segment of `arn:aws:ecs:r:a:task/<cluster>/<id>` (or the old `task/<id>`). */
export function taskIdOf(taskArn: string): string {
  return taskArn.slice(taskArn.lastIndexOf('/') + 1);
}

/** The cluster name from a cluster ARN, or from a new-format task ARN. */
export function clusterNameOf(clusterArn: string | null, taskArn: string | null): string | null {
  if (clusterArn !== null) return clusterArn.slice(clusterArn.lastIndexOf('/') + 1) || null;
  const parts = taskArn?.split(':')[5]?.split('/');
  return parts !== undefined && parts.length === 3 ? (parts[1] ?? null) : null;
}

/** `family:revision` of a task definition ARN. */
export function taskDefinitionNameOf(taskDefinitionArn: string | null): string | null {
  return taskDefinitionArn === null ? null : taskDefinitionArn.slice(taskDefinitionArn.lastIndexOf('/') + 1);
}

/** The state machine of an execution ARN (`...:execution:<sm>:<name>` → `...:stateMachine:<sm>`). */
export function stateMachineArnOf(executionArn: string | null): string | null {
  const match = executionArn?.match(/^(arn:[^:]+:states:[^:]+:\d+):(?:execution|express):([^:]+):/);
  return match ? `${match[1]}:stateMachine:${match[2]}` : null;
}

export function executionUrl(region: string, executionArn: string): string {
  return `https://${region}.console.aws.amazon.com/states/home?region=${region}#/v2/executions/details/${executionArn}`;
}

export function ecsTaskUrl(region: string, cluster: string, taskId: string): string {
  return `https://${region}.console.aws.amazon.com/ecs/v2/clusters/${encodeURIComponent(cluster)}/tasks/${taskId}/configuration?region=${region}`;
}

/** The CloudWatch console's own escaping of path parts: URI-encode, then `%` → `$25` (`/` → `$252F`). */
const consoleEscape = (value: string) => encodeURIComponent(value).replace(/%/g, '$25');

export function logStreamUrl(region: string, group: string, stream: string): string {
  return `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#logsV2:log-groups/log-group/${consoleEscape(group)}/log-events/${consoleEscape(stream)}`;
}
