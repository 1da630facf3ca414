import { describe, expect, it } from 'vitest';
import type { FileRecord, FileStatus } from '../files/file-status.js';
import { assertMayUpload, assertThreadMember, fileAccess, hearsEvent, mayOperate } from './access-policy.js';
import type { Role, User } from './app-store.js';
import type { ThreadEvent } from './thread-events.js';

const user = (id: string, role: Role): User => ({ id, name: id, role });
const candidate = user('u-candidate', 'candidate');
const company = user('u-company', 'company');
const operator = user('u-operator', 'operator');

const file = (status: FileStatus): FileRecord => ({
  id: 'f-1',
  threadId: 't-1',
  uploaderId: candidate.id,
  name: 'cv.pdf',
  size: 1,
  sha256: '0'.repeat(64),
  objectKey: 'f-1',
  status,
  createdAt: 0,
  publishedAt: status === 'published' ? 1 : null,
  verdictVersion: status === 'scanning' ? 0 : 1,
  verdict: null,
  blockReason: null,
});

const statuses: FileStatus[] = ['scanning', 'published', 'blocked', 'failed', 'revoked'];

/** Every viewer × every state: [who, participant, see, download, audience] per state. */
const table: [string, User, boolean, Record<FileStatus, string>][] = [
  [
    'the uploader',
    candidate,
    true,
    {
      scanning: 'see uploader',
      published: 'see download uploader',
      blocked: 'see uploader',
      failed: 'see uploader',
      revoked: 'see uploader',
    },
  ],
  [
    'the company of the thread',
    company,
    true,
    { scanning: '-', published: 'see download other', blocked: '-', failed: '-', revoked: '-' },
  ],
  [
    'an operator in the thread',
    operator,
    true,
    { scanning: '-', published: 'see download other', blocked: '-', failed: '-', revoked: '-' },
  ],
  [
    'the uploader, removed from the thread',
    candidate,
    false,
    { scanning: '-', published: '-', blocked: '-', failed: '-', revoked: '-' },
  ],
  [
    'a company outside the thread',
    user('u-other', 'company'),
    false,
    { scanning: '-', published: '-', blocked: '-', failed: '-', revoked: '-' },
  ],
];

const describeAccess = (a: ReturnType<typeof fileAccess>): string =>
  a.see ? [a.see && 'see', a.download && 'download', a.audience].filter(Boolean).join(' ') : '-';

describe('the access policy', () => {
  for (const [who, viewer, participant, expected] of table)
    for (const status of statuses)
      it(`${who}: a ${status} file is "${expected[status]}"`, () => {
        expect(describeAccess(fileAccess({ user: viewer, participant }, file(status)))).toBe(
          expected[status],
        );
      });

  it('sends each live event to whoever may see its file, and the withdrawal of a file the company saw', () => {
    const heard = (viewer: User, participant: boolean) =>
      (['file.published', 'file.blocked', 'file.failed', 'file.revoked'] as const)
        .filter((type) => {
          const status: FileStatus = type === 'file.published' ? 'published' : (type.slice(5) as FileStatus);
          const event: ThreadEvent = { type, file: file(status) };
          return hearsEvent({ user: viewer, participant }, event);
        })
        .join(' ');
    expect(heard(candidate, true)).toBe('file.published file.blocked file.failed file.revoked');
    expect(heard(company, true)).toBe('file.published file.revoked');
    expect(heard(company, false)).toBe('');
    const message: ThreadEvent = {
      type: 'message.created',
      message: { id: 'm', threadId: 't-1', author: company, text: 'hi', createdAt: 0 },
    };
    expect(hearsEvent({ user: candidate, participant: true }, message)).toBe(true);
    expect(hearsEvent({ user: candidate, participant: false }, message)).toBe(false);
  });

  it('lets only a participating candidate upload: 404 for no thread, 403 for an outsider or another role', () => {
    const thread = { id: 't-1', title: 't', createdAt: 0 };
    const code = (f: () => void) => {
      try {
        f();
        return 'ok';
      } catch (error) {
        return `${(error as { status: number }).status} ${(error as { code: string }).code}`;
      }
    };
    expect(code(() => assertThreadMember('t-x', null, false))).toBe('404 THREAD_NOT_FOUND');
    expect(code(() => assertThreadMember('t-1', thread, false))).toBe('403 FORBIDDEN');
    expect(code(() => assertThreadMember('t-1', thread, true))).toBe('ok');
    expect(code(() => assertMayUpload(candidate))).toBe('ok');
    expect(code(() => assertMayUpload(company))).toBe('403 FORBIDDEN');
    expect(code(() => assertMayUpload(operator))).toBe('403 FORBIDDEN');
  });

  it('lets an operator use the operations routes, and anyone in demo mode', () => {
    expect([candidate, company, operator].map((u) => mayOperate(u, false))).toEqual([false, false, true]);
    expect([candidate, company, operator].map((u) => mayOperate(u, true))).toEqual([true, true, true]);
  });
});
