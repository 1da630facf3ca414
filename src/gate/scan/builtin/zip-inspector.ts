import { crc32, inflateRawSync } from 'node:zlib';
import type { ScanSubject } from '../../ports.js';
import { bytesSubject } from './bytes-subject.js';
import type { DetectedType } from './detect-type.js';
import { officeNameHits, officeOpenXmlType, officePartHits } from './office-open-xml.js';
import { type Hit, type InspectContext, reject } from './types.js';
import { readZipDirectory, type ZipEntry } from './zip-directory.js';

/** How an entry is judged: `strict` for a plain archive (every entry must be allowed), `office` for a document's parts. */
export type InspectMode = 'strict' | 'office';

/** Inspects one unpacked entry one archive level deeper; supplied by the engine to avoid a cycle. */
export type InspectEntry = (entry: ScanSubject, mode: InspectMode) => Promise<{ hits: Hit[] }>;

const STORED = 0;
const DEFLATED = 8;
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

// Names that would write outside the folder they are extracted to ("zip slip"), or hide their
// real extension behind control or bidirectional-override characters (`cv\u202Efdp.exe`).
const TRAVERSAL = /(^|[/\\])\.\.([/\\]|$)|^[/\\]|^[a-zA-Z]:/;
const DISGUISE = new Set([
  0x7f, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069,
]);
const disguised = (name: string) =>
  [...name].some((c) => (c.codePointAt(0) ?? 0) < 0x20 || DISGUISE.has(c.codePointAt(0) ?? 0));

/** The checks made on names and declared sizes before a single byte is inflated. */
function declaredHits(files: readonly ZipEntry[], ctx: InspectContext): Hit[] {
  const { limits, budget } = ctx;
  const hits: Hit[] = [];
  const traversal = files.find((e) => TRAVERSAL.test(e.name));
  if (traversal !== undefined)
    hits.push(
      reject(
        'zip-path-traversal',
        `The entry ${JSON.stringify(traversal.name)} would be extracted outside its folder.`,
      ),
    );
  const hidden = files.find((e) => disguised(e.name));
  if (hidden !== undefined)
    hits.push(
      reject(
        'zip-disguised-name',
        `The entry ${JSON.stringify(hidden.name)} hides its name with invisible characters.`,
      ),
    );
  const link = files.find((e) => e.symlink);
  if (link !== undefined) hits.push(reject('zip-symlink', `The entry ${link.name} is a symbolic link.`));
  const encrypted = files.filter((e) => (e.flags & 1) !== 0 || e.method === 99);
  if (encrypted.length > 0)
    hits.push(
      reject(
        'zip-encrypted',
        `The archive has encrypted entries that cannot be inspected (${encrypted[0]?.name}).`,
      ),
    );
  const odd = files.find((e) => e.method !== STORED && e.method !== DEFLATED && e.method !== 99);
  if (odd !== undefined)
    hits.push(
      reject('zip-unsupported-method', `The entry ${odd.name} uses compression method ${odd.method}.`),
    );
  const bomb = files.find(
    (e) =>
      e.uncompressedSize > limits.ratioFloorBytes &&
      e.uncompressedSize > limits.maxRatio * Math.max(1, e.compressedSize),
  );
  if (bomb !== undefined)
    hits.push(
      reject(
        'zip-bomb-ratio',
        `The entry ${bomb.name} expands ${Math.round(bomb.uncompressedSize / Math.max(1, bomb.compressedSize))} times (limit ${limits.maxRatio}).`,
      ),
    );
  const total = files.reduce((sum, e) => sum + e.uncompressedSize, 0);
  if (budget.expandedBytes + total > limits.maxExpandedBytes)
    hits.push(
      reject(
        'zip-bomb-size',
        `The archive expands to ${mb(total)}; the limit is ${mb(limits.maxExpandedBytes)}.`,
      ),
    );
  // Entries whose data overlap are how the densest zip bombs (Fifield 2019) reuse one payload.
  const byOffset = [...files].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
  for (let i = 1; i < byOffset.length; i++) {
    const prev = byOffset[i - 1] as ZipEntry;
    if (prev.localHeaderOffset + 30 + prev.compressedSize > (byOffset[i] as ZipEntry).localHeaderOffset) {
      hits.push(
        reject(
          'zip-overlapping-entries',
          'The archive has entries that share their data (a zip bomb trick).',
        ),
      );
      break;
    }
  }
  return hits;
}

/**
 * Unpacks one entry with a hard cap: the declared size. Declared sizes can lie, so inflation stops
 * as soon as the output passes it, and an entry that expands to anything else is refused.
 */
async function extract(
  subject: ScanSubject,
  entry: ZipEntry,
  ctx: InspectContext,
): Promise<Uint8Array | Hit> {
  const header = await subject.read(entry.localHeaderOffset, entry.localHeaderOffset + 30);
  const v = new DataView(header.buffer, header.byteOffset, header.byteLength);
  if (header.length < 30 || v.getUint32(0, true) !== 0x04034b50)
    return reject('zip-corrupt', `The archive is damaged: no local header for ${entry.name}.`);
  const start = entry.localHeaderOffset + 30 + v.getUint16(26, true) + v.getUint16(28, true);
  const data = await subject.read(start, start + entry.compressedSize);
  if (data.length < entry.compressedSize)
    return reject('zip-corrupt', `The archive is truncated inside ${entry.name}.`);
  let out: Uint8Array;
  try {
    out =
      entry.method === STORED
        ? data
        : inflateRawSync(data, { maxOutputLength: Math.max(1, entry.uncompressedSize) });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
      return reject(
        'zip-size-mismatch',
        `The entry ${entry.name} expands beyond the ${entry.uncompressedSize} bytes it declares.`,
      );
    return reject('zip-corrupt', `The archive is damaged: ${entry.name} does not inflate.`);
  }
  if (out.length !== entry.uncompressedSize)
    return reject(
      'zip-size-mismatch',
      `The entry ${entry.name} is ${out.length} bytes but declares ${entry.uncompressedSize}.`,
    );
  ctx.budget.expandedBytes += out.length;
  if (crc32(out) >>> 0 !== entry.crc32 >>> 0)
    return reject('zip-corrupt', `The archive is damaged: the checksum of ${entry.name} does not match.`);
  return out;
}

/**
 * Inspects a ZIP from its central directory: the limits on entries, ratio, total size and
 * overlap are checked on declared sizes first (a bomb is refused without inflating it), then each
 * entry is unpacked under a cap and inspected like a file of its own. An Office Open XML document
 * is recognised by its parts and checked for macros instead of requiring every part to be allowed.
 */
export async function inspectZip(
  subject: ScanSubject,
  ctx: InspectContext,
  inspectEntry: InspectEntry,
): Promise<{ type: DetectedType; hits: Hit[] }> {
  const zipType: DetectedType = { family: 'zip', mime: 'application/zip' };
  const entries = await readZipDirectory(subject, ctx.limits.maxEntries - ctx.budget.entries);
  if ('rule' in entries) return { type: zipType, hits: [entries] };
  ctx.budget.entries += entries.length;
  const files = entries.filter((e) => !(e.name.endsWith('/') && e.uncompressedSize === 0));
  const names = files.map((e) => e.name);
  const office = officeOpenXmlType(names);
  const type = office ?? zipType;
  const hits = [...declaredHits(files, ctx), ...(office ? officeNameHits(names) : [])];
  if (hits.length > 0) return { type, hits };
  for (const entry of files) {
    ctx.signal?.throwIfAborted();
    const bytes = await extract(subject, entry, ctx);
    if ('rule' in bytes) return { type, hits: [...hits, bytes] };
    if (office && /(\.xml|\.rels)$/i.test(entry.name))
      hits.push(...officePartHits(entry.name, new TextDecoder().decode(bytes)));
    const inner = await inspectEntry(bytesSubject(entry.name, bytes), office ? 'office' : 'strict');
    hits.push(...inner.hits.map((h) => ({ ...h, detail: `${entry.name}: ${h.detail}` })));
  }
  return { type, hits };
}
