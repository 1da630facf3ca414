import { describe, expect, it } from 'vitest';
import type { FileView } from '../api/types.js';
import { mergeFile } from './merge-file.js';

const file = (id: string, status: FileView['status']): FileView => ({
  id,
  threadId: 't',
  name: `${id}.pdf`,
  size: 1,
  type: 'application/pdf',
  sha256: 'ab'.repeat(32),
  status,
  createdAt: 1,
  mine: true,
});

describe('mergeFile', () => {
  it('adds a file it has not seen', () => {
    expect(mergeFile([file('a', 'published')], file('b', 'scanning')).map((f) => f.id)).toEqual(['a', 'b']);
  });

  it('replaces a file by id with its newer status', () => {
    expect(mergeFile([file('a', 'scanning')], file('a', 'published'))[0]?.status).toBe('published');
  });

  it('keeps a settled status when the upload answer (scanning) arrives after the live event', () => {
    expect(mergeFile([file('a', 'blocked')], file('a', 'scanning'))[0]?.status).toBe('blocked');
  });

  it('lets a published file become revoked', () => {
    expect(mergeFile([file('a', 'published')], file('a', 'revoked'))[0]?.status).toBe('revoked');
  });
});
