import { truncateEnd, truncateStart } from './truncate.js';

/** Block Kit limits (https://docs.slack.dev/reference/block-kit/blocks). */
export const slackLimits = {
  headerText: 150,
  sectionText: 3000,
  fieldText: 2000,
  fields: 10,
  blocks: 50,
  buttonText: 75,
  buttonUrl: 3000,
  actionsElements: 25,
  contextElements: 10,
  fallbackText: 3000,
} as const;

/** Slack's mrkdwn needs only &, < and > escaped (https://docs.slack.dev/messaging/formatting-message-text). */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escapes then truncates, and drops an entity the cut left half-written ("&am…"). */
export function mrkdwn(text: string, max: number): string {
  const escaped = escapeMrkdwn(text);
  if (escaped.length <= max) return escaped;
  return truncateEnd(escaped, max).replace(/&[a-z]{0,3}…$/, '…');
}

/** A code block that fits in `max` with its fences, keeping the start or the end (the latest log lines). */
export function codeBlock(text: string, max: number, keep: 'start' | 'end' = 'start'): string {
  const body = escapeMrkdwn(text.replace(/```/g, '` ` `'));
  const room = max - 8;
  let cut = body;
  if (body.length > room)
    cut =
      keep === 'end'
        ? truncateStart(body, room).replace(/^…[a-z]{0,3};/, '…')
        : truncateEnd(body, room).replace(/&[a-z]{0,3}…$/, '…');
  return `\`\`\`\n${cut}\n\`\`\``;
}

export const header = (text: string) => ({
  type: 'header',
  text: { type: 'plain_text', text: truncateEnd(text, slackLimits.headerText), emoji: true },
});

export const section = (text: string) => ({
  type: 'section',
  text: { type: 'mrkdwn', text: truncateEnd(text, slackLimits.sectionText) },
});

export const fieldsSection = (fields: readonly string[]) => ({
  type: 'section',
  fields: fields
    .slice(0, slackLimits.fields)
    .map((text) => ({ type: 'mrkdwn', text: truncateEnd(text, slackLimits.fieldText) })),
});

export const buttons = (links: readonly { label: string; url: string }[]) => ({
  type: 'actions',
  elements: links
    .filter((link) => link.url.length <= slackLimits.buttonUrl)
    .slice(0, slackLimits.actionsElements)
    .map((link) => ({
      type: 'button',
      text: { type: 'plain_text', text: truncateEnd(link.label, slackLimits.buttonText), emoji: true },
      url: link.url,
    })),
});

export const context = (texts: readonly string[]) => ({
  type: 'context',
  elements: texts
    .slice(0, slackLimits.contextElements)
    .map((text) => ({ type: 'mrkdwn', text: truncateEnd(text, slackLimits.sectionText) })),
});
