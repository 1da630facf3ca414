import { createHash } from 'node:crypto';
import type { ScanSubject } from '../../ports.js';

const SLICE = 1024 * 1024;

/** The bytes as a subject's stream and reads: slices of 1 MB, the way a file would arrive. */
function fromMemory(bytes: Uint8Array): Pick<ScanSubject, 'stream' | 'read'> {
  return {
    async *stream() {
      for (let i = 0; i < bytes.length; i += SLICE) yield bytes.subarray(i, i + SLICE);
    },
    async read(start, end) {
      return bytes.subarray(Math.max(0, start), Math.min(bytes.length, end));
    },
  };
}

/**
 * A file held in memory (an entry unpacked from an archive) as a {@link ScanSubject}. Its sha256
 * is computed on first use: only a denylist needs the digest of each entry.
 */
export function bytesSubject(displayName: string, bytes: Uint8Array): ScanSubject {
  let digest: string | undefined;
  return {
    displayName,
    size: bytes.length,
    get sha256() {
      digest ??= createHash('sha256').update(bytes).digest('hex');
      return digest;
    },
    ...fromMemory(bytes),
  };
}

/**
 * `subject` read once into memory, when it is at most `maxBytes`: the inspectors of ZIP and OLE
 * files read dozens of small ranges (a local header, a 512-byte sector), each of which would
 * otherwise open the file again. Larger files, and a file whose size changed, stay as they are.
 */
export async function inMemorySubject(subject: ScanSubject, maxBytes: number): Promise<ScanSubject> {
  if (subject.size > maxBytes || subject.size === 0) return subject;
  const bytes = await subject.read(0, subject.size);
  if (bytes.length !== subject.size) return subject;
  return {
    displayName: subject.displayName,
    size: subject.size,
    // A getter: an in-memory entry's digest is computed only when asked for.
    get sha256() {
      return subject.sha256;
    },
    ...fromMemory(bytes),
  };
}
