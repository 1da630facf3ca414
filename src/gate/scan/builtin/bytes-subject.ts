import { createHash } from 'node:crypto';
import type { ScanSubject } from '../../ports.js';

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
    async *stream() {
      // Slices of 1 MB, the way a file would arrive, so stream consumers see realistic chunks.
      for (let i = 0; i < bytes.length; i += 1024 * 1024) yield bytes.subarray(i, i + 1024 * 1024);
    },
    async read(start, end) {
      return bytes.subarray(Math.max(0, start), Math.min(bytes.length, end));
    },
  };
}
