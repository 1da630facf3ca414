import type { KnowledgeEntry } from './knowledge-entry.js';
import { sources } from './sources.js';
import { taskErrors } from './task-errors.js';

const byId = (id: string): KnowledgeEntry => {
  const entry = taskErrors.find((e) => e.id === id);
  if (entry === undefined) throw new Error(`knowledge entry ${id} is missing`);
  return entry;
};

/**
 * Every `stopCode` of the ECS Task API (TaskStopCode). Used when neither the stopped reason nor a
 * container reason matched a message family; EssentialContainerExited defers to the exit code (null).
 */
export const stopCodes: Readonly<Record<string, KnowledgeEntry | null>> = {
  EssentialContainerExited: null,
  UserInitiated: byId('task.stopped-by-user'),
  SpotInterruption: byId('task.spot'),
  TerminationNotice: byId('task.host-gone'),
  ServiceSchedulerInitiated: {
    ...byId('task.host-gone'),
    id: 'stop-code.service-scheduler',
    source: sources.stopCodes,
  },
  InfrastructureHealth: {
    ...byId('task.host-gone'),
    id: 'stop-code.infrastructure-health',
    source: sources.stopCodes,
  },
  TaskFailedToStart: {
    id: 'stop-code.task-failed-to-start',
    category: 'task_failed_to_start',
    source: sources.stopCodes,
    en: {
      title: 'the task failed to start',
      explanation:
        'ECS stopped the task before its containers ran (stop code TaskFailedToStart); the stopped reason says which step failed.',
      nextSteps: [
        'Read the stopped reason[[ with `aws ecs describe-tasks --cluster {cluster} --tasks {taskArn}`||]] (it is kept about an hour; EventBridge task state events keep it longer).',
        'Run the AWS Systems Manager runbook AWSSupport-TroubleshootECSTaskFailedToStart on the task.',
      ],
    },
    ja: {
      title: 'タスクが起動に失敗した',
      explanation:
        'コンテナが動く前に ECS がタスクを停止しました（停止コード TaskFailedToStart）。停止理由に失敗した段階が書かれています。',
      nextSteps: [
        '[[`aws ecs describe-tasks --cluster {cluster} --tasks {taskArn}` で||]]停止理由を確認してください（約 1 時間だけ保持されます。EventBridge のタスク状態イベントなら長く残せます）。',
        'Systems Manager のランブック AWSSupport-TroubleshootECSTaskFailedToStart をこのタスクに対して実行してください。',
      ],
    },
  },
};
