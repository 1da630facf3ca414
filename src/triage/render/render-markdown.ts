import type { Diagnosis } from '../diagnosis.js';
import { messages } from '../messages.js';
import { evidenceRows } from './evidence-rows.js';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
const fence = (text: string) => text.replace(/```/g, '`\u200b``');

/** A diagnosis as GitHub-flavoured Markdown (an issue, a runbook, a PR comment). */
export function renderMarkdown(d: Diagnosis): string {
  const l = messages[d.lang].labels;
  const out = [`### ${d.title}`, '', `**${l.category}:** \`${d.category}\``, '', d.explanation, ''];
  out.push(`| ${l.evidence} | |`, '|---|---|');
  for (const row of evidenceRows(d))
    out.push(
      `| ${cell(row.label)} | ${row.code ? `\`${cell(row.value).replace(/`/g, "'")}\`` : cell(row.value)} |`,
    );
  if (d.nextSteps.length > 0) {
    out.push('', `**${l.nextSteps}**`, '');
    d.nextSteps.forEach((step, i) => {
      out.push(`${i + 1}. ${step}`);
    });
  }
  out.push('', `**${l.retry}**`, '', d.retry.text, '', `_${l.why}: ${d.retry.reason}_`);
  if (d.retry.command !== null) out.push('', '```sh', fence(d.retry.command), '```');
  if (d.evidence.logLines && d.evidence.logLines.length > 0)
    out.push(
      '',
      `<details><summary>${l.logLines}</summary>`,
      '',
      '```',
      fence(d.evidence.logLines.join('\n')),
      '```',
      '',
      '</details>',
    );
  if (d.links.length > 0) {
    out.push('', `**${l.links}**`, '');
    for (const link of d.links) out.push(`- [${link.label}](${link.url})`);
  }
  if (d.sources.length > 0)
    out.push('', `<sub>${l.sources}: ${d.sources.map((s) => `<${s}>`).join(' ')}</sub>`);
  return `${out.join('\n')}\n`;
}
