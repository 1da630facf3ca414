import { createHash } from 'node:crypto';
import type { ScanSubject } from '../../ports.js';
import type { ScratchBuffers } from './scratch-buffers.js';

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

/** A subject held in memory for one scan, and how to let go of that memory when the scan is over. */
export interface HeldSubject {
  readonly subject: ScanSubject;
  /** Gives a leased buffer back; nothing may read the held bytes afterwards. */
  release(): void;
}

/**
 * `subject` read once into memory, when it is at most `maxBytes`: the inspectors of ZIP and OLE
 * files read dozens of small ranges (a local header, a 512-byte sector), each of which would
 * otherwise open the file again. Larger files, and a file whose size changed, stay as they are.
 * A subject that can read into a given buffer is read into one leased from `scratch`.
 */
export async function inMemorySubject(
  subject: ScanSubject,
  maxBytes: number,
  scratch?: ScratchBuffers,
): Promise<HeldSubject> {
  const asItIs = { subject, release: () => {} };
  if (subject.size > maxBytes || subject.size === 0) return asItIs;
  let bytes: Uint8Array;
  let release = () => {};
  if (scratch !== undefined && subject.readInto !== undefined) {
    const buffer = scratch.lease(subject.size);
    release = () => scratch.giveBack(buffer);
    try {
      bytes = buffer.subarray(0, await subject.readInto(buffer.subarray(0, subject.size), 0));
    } catch (error) {
      release();
      throw error;
    }
  } else bytes = await subject.read(0, subject.size);
  if (bytes.length !== subject.size) {
    release();
    return asItIs;
  }
  const held: ScanSubject = {
    displayName: subject.displayName,
    size: subject.size,
    // A getter: an in-memory entry's digest is computed only when asked for.
    get sha256() {
      return subject.sha256;
    },
    ...fromMemory(bytes),
  };
  return { subject: held, release };
}
