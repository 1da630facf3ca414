import { createHash } from 'node:crypto';
import type { ScanSubject } from '../../ports.js';

/** A file held in memory (an entry unpacked from an archive) as a {@link ScanSubject}. */
export function bytesSubject(displayName: string, bytes: Uint8Array): ScanSubject {
  return {
    displayName,
    size: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    async *stream() {
      // Slices of 1 MB, the way a file would arrive, so stream consumers see realistic chunks.
      for (let i = 0; i < bytes.length; i += 1024 * 1024) yield bytes.subarray(i, i + 1024 * 1024);
    },
    async read(start, end) {
      return bytes.subarray(Math.max(0, start), Math.min(bytes.length, end));
    },
  };
}
