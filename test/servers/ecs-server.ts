import { AwsJsonError, type AwsJsonServer, startAwsJsonServer } from './aws-json-server.js';

/**
 * A local Amazon ECS that speaks the AWS JSON 1.1 protocol for DescribeTaskDefinition, answering
 * `ClientException` for a task definition it does not know, as the service does.
 */
export function startEcsServer(options: {
  /** Task definitions in the DescribeTaskDefinition response shape (camelCase). */
  readonly taskDefinitions: readonly Record<string, unknown>[];
  readonly throttleFirstCallOf?: readonly string[];
}): Promise<AwsJsonServer> {
  return startAwsJsonServer({
    targetPrefix: 'AmazonEC2ContainerServiceV20141113',
    jsonVersion: '1.1',
    ...(options.throttleFirstCallOf === undefined
      ? {}
      : { throttleFirstCallOf: options.throttleFirstCallOf }),
    operations: {
      DescribeTaskDefinition(input) {
        const wanted = String(input.taskDefinition ?? '');
        const found = options.taskDefinitions.find(
          (d) =>
            d.taskDefinitionArn === wanted ||
            `${String(d.family)}:${String(d.revision)}` === wanted ||
            String(d.taskDefinitionArn).endsWith(`/${wanted}`),
        );
        if (found === undefined)
          throw new AwsJsonError('ClientException', 'Unable to describe task definition.');
        return { taskDefinition: found, tags: [] };
      },
    },
  });
}
