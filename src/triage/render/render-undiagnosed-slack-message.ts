import { clusterNameOf, ecsTaskUrl, executionUrl, regionOfArn, taskIdOf } from '../console-links.js';
import type { Lang } from '../diagnosis.js';
import { messages } from '../messages.js';
import { buttons, codeBlock, header, mrkdwn, section, slackLimits } from './slack-blocks.js';
import { truncateEnd } from './truncate.js';

export interface UndiagnosedFailure {
  readonly executionArn: string | null;
  readonly rawError: string | null;
  readonly rawCause: string | null;
  /** Why the diagnosis failed (e.g. the history could not be read). */
  readonly reason: string;
  /** Default 'en'. */
  readonly lang?: Lang;
  /** A stopped ECS task (an "ECS Task State Change" event) instead of an execution. */
  readonly taskArn?: string | null;
}

/**
 * The message posted when the diagnosis itself failed: the raw error and cause of the execution and why
 * sekisho could not explain it, so the alert is never lost. Within the same Block Kit limits.
 */
export function renderUndiagnosedSlackMessage(input: UndiagnosedFailure): {
  text: string;
  blocks: unknown[];
} {
  const t = messages[input.lang ?? 'en'];
  const l = t.labels;
  const taskArn = input.taskArn ?? null;
  const title = taskArn === null ? t.undiagnosedTitle : t.undiagnosedTaskTitle;
  const blocks: unknown[] = [header(`🚨 ${title}`)];
  const arn = taskArn ?? input.executionArn ?? l.none;
  blocks.push(section(`*${taskArn === null ? l.status : l.taskArn}*\n\`${mrkdwn(arn, 2000)}\``));
  if (input.rawError !== null) blocks.push(section(`*${l.error}*\n\`${mrkdwn(input.rawError, 2000)}\``));
  if (input.rawCause !== null && input.rawCause !== '') {
    const title = `*${l.cause}*\n`;
    blocks.push(section(title + codeBlock(input.rawCause, slackLimits.sectionText - title.length)));
  }
  blocks.push(section(`*${t.undiagnosedWhy}*\n${mrkdwn(input.reason, 2500)}`));
  const region = regionOfArn(taskArn ?? input.executionArn);
  const cluster = clusterNameOf(null, taskArn);
  if (taskArn !== null && region !== null && cluster !== null)
    blocks.push(buttons([{ label: t.linkTask, url: ecsTaskUrl(region, cluster, taskIdOf(taskArn)) }]));
  else if (input.executionArn !== null && region !== null)
    blocks.push(buttons([{ label: t.linkExecution, url: executionUrl(region, input.executionArn) }]));
  const text = `${title}: ${arn === l.none ? '' : arn} ${input.rawError ?? ''}`.trim();
  return { text: truncateEnd(text, slackLimits.fallbackText), blocks };
}
