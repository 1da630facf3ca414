import { createHash } from 'node:crypto';
import { appendFile, mkdtemp, readdir, readlink, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileSubject } from './file-subject.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sekisho-subject-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The descriptors of this process that point at `path`. */
async function handlesOn(path: string): Promise<number> {
  const fds = await readdir('/proc/self/fd');
  const targets = await Promise.all(fds.map((fd) => readlink(`/proc/self/fd/${fd}`).catch(() => '')));
  return targets.filter((t) => t === path).length;
}

describe('fileSubject', () => {
  it('gives the size, the sha256, the stream and ranges of a file', async () => {
    const bytes = Buffer.from(Array.from({ length: 3 * 1024 * 1024 + 7 }, (_, i) => i % 251));
    const path = join(dir, '職務経歴書.pdf');
    await writeFile(path, bytes);
    const s = await fileSubject(path);
    expect(s.displayName).toBe('職務経歴書.pdf');
    expect(s.size).toBe(bytes.length);
    expect(s.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    const streamed: Buffer[] = [];
    for await (const chunk of s.stream()) streamed.push(Buffer.from(chunk));
    expect(Buffer.concat(streamed).equals(bytes)).toBe(true);
    expect(Buffer.from(await s.read(10, 20)).equals(bytes.subarray(10, 20))).toBe(true);
    expect((await s.read(bytes.length - 3, bytes.length + 100)).length).toBe(3);
    expect((await s.read(bytes.length + 5, bytes.length + 9)).length).toBe(0);
  });

  it('closes the file when a reader stops early, with the next piece already being read', async () => {
    const path = join(dir, 'large.pdf');
    await writeFile(path, Buffer.alloc(3 * 1024 * 1024 + 1, 0x41));
    const s = await fileSubject(path);
    const handlesOnFile = () => handlesOn(path);
    // Hashing read the file in a worker thread, which closes it before it answers.
    expect(await handlesOnFile()).toBe(0);
    for (let i = 0; i < 20; i++)
      for await (const chunk of s.stream()) {
        expect(chunk.length).toBe(1024 * 1024);
        expect(await handlesOnFile()).toBe(1);
        break;
      }
    expect(await handlesOnFile()).toBe(0);
  });

  it('streams the bytes it was hashed at, not what was appended since', async () => {
    const path = join(dir, 'growing.txt');
    await writeFile(path, 'name,role\n');
    const s = await fileSubject(path);
    await appendFile(path, 'added after the upload was hashed\n');
    const streamed: Buffer[] = [];
    for await (const chunk of s.stream()) streamed.push(Buffer.from(chunk));
    expect(Buffer.concat(streamed).toString()).toBe('name,role\n');
  });

  it('reads into a given buffer, no further than the size it was hashed at', async () => {
    const path = join(dir, 'read-into.txt');
    await writeFile(path, 'name,role\nHanako,engineer\n');
    const s = await fileSubject(path);
    await appendFile(path, 'added after the upload was hashed\n');
    const target = Buffer.alloc(64, 0x2a);
    expect(await s.readInto?.(target, 5)).toBe(s.size - 5);
    expect(target.subarray(0, s.size - 5).toString()).toBe('role\nHanako,engineer\n');
    // The rest of the buffer is left as it was.
    expect(target[s.size - 5]).toBe(0x2a);
    expect(await s.readInto?.(Buffer.alloc(4), 0)).toBe(4);
    expect(await s.readInto?.(target, s.size)).toBe(0);
  });

  it('reads more than 8 MB into a buffer through libuv, and as much as the sync path would', async () => {
    const bytes = Buffer.from(Array.from({ length: 9 * 1024 * 1024 + 3 }, (_, i) => (i * 7) % 253));
    const path = join(dir, 'large-read-into.bin');
    await writeFile(path, bytes);
    const s = await fileSubject(path);
    const target = Buffer.alloc(bytes.length);
    expect(await s.readInto?.(target, 0)).toBe(bytes.length);
    expect(target.equals(bytes)).toBe(true);
    const head = Buffer.alloc(1024);
    expect(await s.readInto?.(head, 100)).toBe(1024);
    expect(head.equals(bytes.subarray(100, 1124))).toBe(true);
    expect(await handlesOn(path)).toBe(0);
  });

  it('closes the file after reading into a buffer', async () => {
    const path = join(dir, 'closed-after-read-into.txt');
    await writeFile(path, 'name,role\n');
    const s = await fileSubject(path);
    const handlesOnFile = () => handlesOn(path);
    for (let i = 0; i < 20; i++) await s.readInto?.(Buffer.alloc(16), 0);
    expect(await handlesOnFile()).toBe(0);
  });

  it('uses the display name it is given', async () => {
    const path = join(dir, 'upload-123');
    await writeFile(path, 'x');
    expect((await fileSubject(path, 'cv.txt')).displayName).toBe('cv.txt');
  });

  it('refuses a missing file with a clear error', async () => {
    await expect(fileSubject(join(dir, 'nope.pdf'))).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
  });

  it('refuses a directory', async () => {
    await expect(fileSubject(dir)).rejects.toMatchObject({ code: 'FILE_IS_DIRECTORY' });
  });
});
