import { describe, expect, it } from 'vitest';
import { messages } from './messages.js';
import { pickLanguage } from './pick-language.js';
import { translate } from './translate.js';

describe('pickLanguage', () => {
  it('follows a Japanese browser', () => {
    expect(pickLanguage(null, ['ja-JP', 'en-US'])).toBe('ja');
  });

  it('takes the first language it speaks from the browser list', () => {
    expect(pickLanguage(null, ['fr-FR', 'en-GB', 'ja'])).toBe('en');
  });

  it('prefers the saved choice over the browser', () => {
    expect(pickLanguage('en', ['ja-JP'])).toBe('en');
  });

  it('falls back to English for languages it does not speak and ignores a garbled saved value', () => {
    expect(pickLanguage('xx', ['de-DE'])).toBe('en');
  });
});

describe('messages', () => {
  it('has every English key in Japanese too', () => {
    expect(Object.keys(messages.ja).sort()).toEqual(Object.keys(messages.en).sort());
  });

  it('fills named slots and leaves the value as plain text', () => {
    expect(translate('en', 'downloadName', { name: '<b>cv</b>.pdf' })).toBe('Download <b>cv</b>.pdf');
  });
});
