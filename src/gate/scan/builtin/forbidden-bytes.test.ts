import { describe, expect, it } from 'vitest';
import { prng } from '../../../../test/support/prng.js';
import { FORBIDDEN_IN_ISO_2022_KR, FORBIDDEN_IN_TEXT, hasForbiddenByte } from './forbidden-bytes.js';

// The rules as written in the documentation: what text may not hold, byte by byte.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this rule is about.
const TEXT_RULE = /[\x00-\x08\x0e-\x19\x1c-\x1f\x7f]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this rule is about.
const KOREAN_RULE = /[\x00-\x08\x10-\x19\x1c-\x1f\x7f]/;
const RULES = [
  ['text', FORBIDDEN_IN_TEXT, TEXT_RULE],
  ['ISO-2022-KR', FORBIDDEN_IN_ISO_2022_KR, KOREAN_RULE],
] as const;

describe('hasForbiddenByte', () => {
  it.each(RULES)(
    'finds each byte value of the %s rule at every position and alignment, and no other',
    (_, table, rule) => {
      const backing = Buffer.alloc(24, 0x41);
      for (let value = 0; value < 256; value++)
        for (let offset = 0; offset < 4; offset++)
          for (let at = 0; at < 13; at++) {
            backing.fill(0x41);
            const bytes = backing.subarray(offset, offset + 13);
            bytes[at] = value;
            expect(hasForbiddenByte(bytes, table)).toBe(rule.test(bytes.toString('latin1')));
          }
    },
  );

  it.each(RULES)(
    'agrees with the %s rule on random text with allowed controls, high bytes and rare forbidden ones',
    (_, table, rule) => {
      const random = prng(7);
      // Mostly what real text holds (letters, newlines, tabs, UTF-8 and legacy high bytes), and
      // now and then any byte at all: borrows between neighbouring bytes must neither hide one nor invent one.
      const common = [
        0x41, 0x61, 0x20, 0x0a, 0x0d, 0x09, 0x1b, 0x0e, 0x0f, 0x7e, 0x80, 0x9f, 0xc3, 0xff, 0x30,
      ];
      for (let round = 0; round < 3000; round++) {
        const length = random(40);
        const bytes = Buffer.alloc(length + 3).subarray(random(4));
        for (let i = 0; i < length; i++)
          bytes[i] = random(100) < 3 ? random(256) : (common[random(common.length)] as number);
        const view = bytes.subarray(0, length);
        expect(hasForbiddenByte(view, table), view.toString('hex')).toBe(rule.test(view.toString('latin1')));
      }
    },
  );

  it('reads a view at its own offset, not the bytes of the buffer around it', () => {
    const backing = Buffer.from('\u0000plain text\u0000', 'latin1');
    expect(hasForbiddenByte(backing)).toBe(true);
    expect(hasForbiddenByte(backing.subarray(1, backing.length - 1))).toBe(false);
    expect(hasForbiddenByte(new Uint8Array(0))).toBe(false);
  });
});
