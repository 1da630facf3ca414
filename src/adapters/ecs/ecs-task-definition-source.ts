import { DescribeTaskDefinitionCommand, type ECSClient } from '@aws-sdk/client-ecs';
import type { TaskDefinitionSource, TaskDefinitionView } from '../../triage/ports.js';

/** Reads a task definition with ECS DescribeTaskDefinition, keeping the containers' log settings. */
export class EcsTaskDefinitionSource implements TaskDefinitionSource {
  constructor(private readonly client: ECSClient) {}

  async describe(taskDefinitionArn: string): Promise<TaskDefinitionView> {
    const out = await this.client.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: taskDefinitionArn }),
    );
    const definition = out.taskDefinition;
    return {
      taskDefinitionArn: definition?.taskDefinitionArn ?? taskDefinitionArn,
      containerDefinitions: (definition?.containerDefinitions ?? []).map((c) => ({
        name: c.name ?? '',
        ...(c.logConfiguration?.logDriver === undefined
          ? {}
          : {
              logConfiguration: {
                logDriver: c.logConfiguration.logDriver,
                options: { ...(c.logConfiguration.options ?? {}) },
              },
            }),
      })),
    };
  }
}
