import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { countUpload } from './count-upload.js';

async function* chunks(...parts: string[]): AsyncIterable<Uint8Array> {
  for (const part of parts) yield Buffer.from(part);
}

async function drain(source: AsyncIterable<Uint8Array>): Promise<string> {
  let text = '';
  for await (const chunk of source) text += Buffer.from(chunk).toString();
  return text;
}

describe('countUpload', () => {
  it('passes the chunks through unchanged, counting them and (when asked) hashing them', async () => {
    const upload = countUpload(chunks('hello ', 'wor', 'ld'), 11, 'sha256');
    expect(await drain(upload.chunks)).toBe('hello world');
    expect(upload.size()).toBe(11);
    expect(upload.sha256()).toBe(createHash('sha256').update('hello world').digest('hex'));
  });

  it('stops with UPLOAD_TOO_LARGE at the first chunk past the limit, before passing it on', async () => {
    const upload = countUpload(chunks('12345', '678', 'never read'), 7);
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const chunk of upload.chunks) seen.push(Buffer.from(chunk).toString());
      })(),
    ).rejects.toMatchObject({ code: 'UPLOAD_TOO_LARGE' });
    expect(seen).toEqual(['12345']);
    expect('sha256' in upload).toBe(false);
  });
});
