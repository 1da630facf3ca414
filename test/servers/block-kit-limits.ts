/**
 * Block Kit's documented limits for a message, checked the way Slack reports them: each problem with
 * a JSON pointer, as in `invalid_blocks` responses ("must be less than 151 characters
 * [json-pointer:/blocks/0/text/text]"). Sources: https://docs.slack.dev/reference/block-kit/blocks
 * (50 blocks a message), the header block (150 characters, plain_text), the section block (text
 * 3,000 characters, at most 10 fields of 2,000), the context block (at most 10 elements).
 */
export function blockKitProblems(blocks: unknown): string[] {
  const problems: string[] = [];
  if (!Array.isArray(blocks)) return [`must be an array [json-pointer:/blocks]`];
  if (blocks.length > 50) problems.push('no more than 50 items allowed [json-pointer:/blocks]');
  const textObject = (value: unknown, pointer: string, max: number, plainOnly = false): void => {
    const t = value as { type?: unknown; text?: unknown } | undefined;
    if (t === undefined || t === null || typeof t !== 'object') {
      problems.push(`must be provided [json-pointer:${pointer}]`);
      return;
    }
    const allowed = plainOnly ? ['plain_text'] : ['plain_text', 'mrkdwn'];
    if (!allowed.includes(String(t.type)))
      problems.push(`must be one of ${allowed.join(', ')} [json-pointer:${pointer}/type]`);
    if (typeof t.text !== 'string' || t.text.length === 0)
      problems.push(`must be more than 0 characters [json-pointer:${pointer}/text]`);
    else if (t.text.length > max)
      problems.push(`must be less than ${max + 1} characters [json-pointer:${pointer}/text]`);
  };
  blocks.forEach((block: unknown, i) => {
    const b = (block ?? {}) as Record<string, unknown>;
    const at = `/blocks/${i}`;
    switch (b.type) {
      case 'header':
        textObject(b.text, `${at}/text`, 150, true);
        break;
      case 'section': {
        if (b.text === undefined && b.fields === undefined)
          problems.push(`must provide text or fields [json-pointer:${at}]`);
        if (b.text !== undefined) textObject(b.text, `${at}/text`, 3000);
        if (b.fields !== undefined) {
          if (!Array.isArray(b.fields) || b.fields.length > 10)
            problems.push(`no more than 10 items allowed [json-pointer:${at}/fields]`);
          else
            b.fields.forEach((f, j) => {
              textObject(f, `${at}/fields/${j}`, 2000);
            });
        }
        break;
      }
      case 'context':
        if (!Array.isArray(b.elements) || b.elements.length === 0 || b.elements.length > 10)
          problems.push(`must have between 1 and 10 items [json-pointer:${at}/elements]`);
        else
          b.elements.forEach((e, j) => {
            if ((e as { type?: unknown }).type !== 'image') textObject(e, `${at}/elements/${j}`, 3000);
          });
        break;
      case 'divider':
      case 'actions':
      case 'rich_text':
      case 'image':
        break;
      default:
        problems.push(`failed to match all allowed schemas [json-pointer:${at}]`);
    }
  });
  return problems;
}
