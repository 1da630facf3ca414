import { regionOfArn, taskIdOf } from './console-links.js';

/** The part of an ECS task definition the awslogs stream name derives from; the SDK's TaskDefinition fits. */
export interface TaskDefinitionLogging {
  readonly containerDefinitions?:
    | readonly {
        readonly name?: string | undefined;
        readonly logConfiguration?:
          | {
              readonly logDriver?: string | undefined;
              readonly options?: Readonly<Record<string, string>> | undefined;
            }
          | undefined;
      }[]
    | undefined;
}

/**
 * The CloudWatch Logs stream of a container of a task, from the task definition's awslogs options:
 * `<awslogs-stream-prefix>/<container>/<task id>` in `awslogs-group`. Null when the container does not
 * log with awslogs or has no stream prefix (the stream is then named after the Docker container id,
 * which the task does not tell). `region` is `awslogs-region`, else the task ARN's region.
 */
export function awslogsStreamOf(
  taskDefinition: TaskDefinitionLogging,
  container: string,
  taskArn: string,
): { group: string; stream: string; region: string | null } | null {
  const definition = taskDefinition.containerDefinitions?.find((c) => c.name === container);
  const logging = definition?.logConfiguration;
  if (logging?.logDriver !== 'awslogs') return null;
  const group = logging.options?.['awslogs-group'];
  const prefix = logging.options?.['awslogs-stream-prefix'];
  if (!group || !prefix) return null;
  return {
    group,
    stream: `${prefix}/${container}/${taskIdOf(taskArn)}`,
    region: logging.options?.['awslogs-region'] ?? regionOfArn(taskArn),
  };
}
