import { describe, expect, it } from 'vitest';
import { blockKitProblems } from './block-kit-limits.js';

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });

describe('blockKitProblems (the local Slack server validator)', () => {
  it('accepts a message at the limits', () => {
    const blocks = [
      { type: 'header', text: { type: 'plain_text', text: 'h'.repeat(150) } },
      ...Array.from({ length: 48 }, () => section('s'.repeat(3000))),
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'c' }] },
    ];
    expect(blockKitProblems(blocks)).toEqual([]);
  });

  it('reports each limit crossed with its JSON pointer', () => {
    const blocks = [
      { type: 'header', text: { type: 'mrkdwn', text: 'h'.repeat(151) } },
      section(''),
      { type: 'section', fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'f' })) },
      { type: 'carousel' },
      ...Array.from({ length: 47 }, () => ({ type: 'divider' })),
    ];
    expect(blockKitProblems(blocks)).toEqual([
      'no more than 50 items allowed [json-pointer:/blocks]',
      'must be one of plain_text [json-pointer:/blocks/0/text/type]',
      'must be less than 151 characters [json-pointer:/blocks/0/text/text]',
      'must be more than 0 characters [json-pointer:/blocks/1/text/text]',
      'no more than 10 items allowed [json-pointer:/blocks/2/fields]',
      'failed to match all allowed schemas [json-pointer:/blocks/3]',
    ]);
  });
});
