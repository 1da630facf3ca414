import type { Diagnosis } from '../diagnosis.js';
import { messages } from '../messages.js';
import { evidenceRows } from './evidence-rows.js';

/** A diagnosis for a terminal: the title, why, the evidence (always the state, container and exit code), what to do. */
export function renderText(d: Diagnosis): string {
  const l = messages[d.lang].labels;
  const rows = evidenceRows(d);
  const width = Math.max(...rows.map((r) => displayWidth(r.label))) + 2;
  const lines = [`[${d.category}] ${d.title}`, '', d.explanation, ''];
  for (const row of rows)
    lines.push(`${row.label}:${' '.repeat(width - displayWidth(row.label) - 1)}${row.value}`);
  if (d.nextSteps.length > 0) {
    lines.push('', `${l.nextSteps}:`);
    d.nextSteps.forEach((step, i) => {
      lines.push(`  ${i + 1}. ${step}`);
    });
  }
  lines.push('', `${l.retry}: ${d.retry.text}`);
  lines.push(`  ${l.why}: ${d.retry.reason}`);
  if (d.retry.command !== null) lines.push(`  $ ${d.retry.command}`);
  if (d.evidence.logLines && d.evidence.logLines.length > 0) {
    lines.push('', `${l.logLines}:`);
    for (const line of d.evidence.logLines) lines.push(`  | ${line}`);
  }
  if (d.links.length > 0) {
    lines.push('', `${l.links}:`);
    for (const link of d.links) lines.push(`  ${link.label}: ${link.url}`);
  }
  if (d.sources.length > 0) lines.push('', `${l.sources}: ${d.sources.join(' ')}`);
  return `${lines.join('\n')}\n`;
}

/** Terminal columns of a label: CJK and full-width characters take two. */
function displayWidth(text: string): number {
  let width = 0;
  for (const char of text)
    width +=
      /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(
        char,
      )
        ? 2
        : 1;
  return width;
}
