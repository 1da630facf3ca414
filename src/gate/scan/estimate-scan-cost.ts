import type { ScanSubject } from '../ports.js';
import { defaultBuiltinLimits } from './builtin/builtin-limits.js';
import { readZipDirectory } from './builtin/zip-directory.js';

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const GZIP_MAGIC = [0x1f, 0x8b];

const startsWith = (head: Uint8Array, magic: readonly number[]): boolean =>
  magic.every((byte, i) => head[i] === byte);

/**
 * What scanning `subject` is expected to cost, in bytes the engines will read: the file itself
 * plus what it declares it expands to (a ZIP's entry sizes from its central directory, a gzip's
 * trailer), capped at what the built-in engine would ever expand. A 200 KB zip of 100 MB of text
 * costs 100 MB, so a fair queue weighs it as the work it is. Reads only the head and the index;
 * a damaged or lying index costs its wire size (the engine then refuses the file quickly).
 */
export async function estimateScanCost(
  subject: ScanSubject,
  maxExpandedBytes = defaultBuiltinLimits.maxExpandedBytes,
): Promise<number> {
  const head = await subject.read(0, 4);
  let expanded = 0;
  if (startsWith(head, ZIP_MAGIC)) {
    const limit = defaultBuiltinLimits.maxEntries;
    const directory = await readZipDirectory(subject, { remaining: limit, maxEntries: limit });
    if ('entries' in directory) for (const entry of directory.entries) expanded += entry.uncompressedSize;
  } else if (startsWith(head, GZIP_MAGIC) && subject.size >= 18) {
    // RFC 1952: ISIZE, the input size modulo 2^32, little-endian in the last four bytes.
    const tail = await subject.read(subject.size - 4, subject.size);
    expanded = new DataView(tail.buffer, tail.byteOffset, tail.byteLength).getUint32(0, true);
  }
  return subject.size + Math.min(expanded, maxExpandedBytes);
}
