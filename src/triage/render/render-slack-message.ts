import type { Diagnosis } from '../diagnosis.js';
import { messages } from '../messages.js';
import { evidenceRows } from './evidence-rows.js';
import {
  buttons,
  codeBlock,
  context,
  fieldsSection,
  header,
  mrkdwn,
  section,
  slackLimits,
} from './slack-blocks.js';
import { truncateEnd } from './truncate.js';

/** Rows short enough to sit side by side as section fields; the long ones get their own block. */
const LONG = 120;

/**
 * A Block Kit message for a diagnosis, within Slack's limits: a header with the title, the explanation,
 * the evidence as fields, long reasons and the command in code, the next steps, how to retry, the last
 * log lines in a code block, buttons to the consoles, and a plain-text `text` fallback for notifications.
 */
export function renderSlackMessage(d: Diagnosis): { text: string; blocks: unknown[] } {
  const t = messages[d.lang];
  const icon = d.category === 'succeeded' ? '✅' : '🚨';
  const rows = evidenceRows(d);
  const short = rows.filter((r) => r.value.length <= LONG);
  const long = rows.filter((r) => r.value.length > LONG);
  const blocks: unknown[] = [
    header(`${icon} ${d.title}`),
    section(mrkdwn(d.explanation, slackLimits.sectionText)),
  ];
  const fieldText = (label: string, value: string, code?: boolean) =>
    `*${mrkdwn(label, 100)}*\n${code ? `\`${mrkdwn(value.replace(/`/g, "'"), LONG + 40)}\`` : mrkdwn(value, LONG + 40)}`;
  for (let i = 0; i < short.length; i += slackLimits.fields)
    blocks.push(
      fieldsSection(short.slice(i, i + slackLimits.fields).map((r) => fieldText(r.label, r.value, r.code))),
    );
  for (const row of long) {
    const label = `*${mrkdwn(row.label, 100)}*\n`;
    blocks.push(section(label + codeBlock(row.value, slackLimits.sectionText - label.length)));
  }
  if (d.nextSteps.length > 0) {
    const title = `*${mrkdwn(t.labels.nextSteps, 100)}*\n`;
    const steps = d.nextSteps.map((step, i) => `${i + 1}. ${step}`).join('\n');
    blocks.push(section(title + mrkdwn(steps, slackLimits.sectionText - title.length)));
  }
  blocks.push(section(retrySection(d)));
  const logs = d.evidence.logLines;
  if (logs && logs.length > 0) {
    const title = `*${mrkdwn(t.labels.logLines, 100)}*\n`;
    blocks.push(section(title + codeBlock(logs.join('\n'), slackLimits.sectionText - title.length, 'end')));
  }
  if (d.links.length > 0) blocks.push(buttons(d.links));
  blocks.push(
    context([`\`${d.category}\` · ${d.sources.map((s) => `<${s}|${t.labels.sources}>`).join(' ')}`]),
  );
  return { text: fallbackText(d), blocks: blocks.slice(0, slackLimits.blocks) };
}

/** The retry advice: its label, its text and the redrive command in a code block, within a section's limit. */
function retrySection(d: Diagnosis): string {
  const title = `*${mrkdwn(messages[d.lang].labels.retry, 100)}*\n`;
  const command = d.retry.command === null ? '' : `\n${codeBlock(d.retry.command, 600)}`;
  const why = `\n_${mrkdwn(`${messages[d.lang].labels.why}: ${d.retry.reason}`, 400)}_`;
  return (
    title +
    mrkdwn(d.retry.text, slackLimits.sectionText - title.length - command.length - why.length) +
    why +
    command
  );
}

/** The notification / screen-reader text: title, then state, container and exit code. */
function fallbackText(d: Diagnosis): string {
  const l = messages[d.lang].labels;
  const e = d.evidence;
  const facts = [
    `${l.state}: ${e.failedState ?? l.none}`,
    `${l.container}: ${e.container ?? l.none}`,
    `${l.exitCode}: ${e.exitCode ?? l.none}`,
  ];
  return truncateEnd(`${d.title} (${facts.join(', ')})`, slackLimits.fallbackText);
}
