import { describe, expect, it } from 'vitest';
import { uploadErrorText } from './upload-error-text.js';

describe('uploadErrorText', () => {
  const tooLarge = {
    code: 'UPLOAD_TOO_LARGE',
    message: 'The file is larger than the upload limit of 25 MB; send a smaller file.',
  };

  it('states the limit in Japanese as the English message does', () => {
    expect(uploadErrorText(tooLarge, 'ja')).toBe(
      'ファイルがアップロードの上限（25 MB）を超えています。小さいファイルを送ってください。',
    );
    expect(uploadErrorText(tooLarge, 'en')).toBe(tooLarge.message);
  });

  it('leaves the limit out rather than showing a slot when the message has none', () => {
    expect(uploadErrorText({ code: 'UPLOAD_TOO_LARGE', message: 'Too large.' }, 'ja')).toBe(
      'ファイルがアップロードの上限を超えています。小さいファイルを送ってください。',
    );
  });
});
