import { crc32, inflateRawSync } from 'node:zlib';
import type { ScanSubject } from '../../ports.js';
import { bytesSubject } from './bytes-subject.js';
import type { DetectedType } from './detect-type.js';
import { isOfficeCheckedPart, officeNameHits, officeOpenXmlType, officePartHits } from './office-open-xml.js';
import {
  isOpenDocumentPackage,
  mayRunOrLoad,
  openDocumentNameHits,
  openDocumentPartHits,
  openDocumentType,
} from './open-document.js';
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

/**
 * The checks made on names and declared sizes before a single byte is inflated. Names are
 * checked on every entry, folders included (an extractor creates `../../outside/` as readily as
 * a file there); sizes and methods on the files.
 */
function declaredHits(entries: readonly ZipEntry[], files: readonly ZipEntry[], ctx: InspectContext): Hit[] {
  const { limits, budget } = ctx;
  const hits: Hit[] = [];
  const traversal = entries.find((e) => TRAVERSAL.test(e.name));
  if (traversal !== undefined)
    hits.push(
      reject(
        'zip-path-traversal',
        `The entry ${JSON.stringify(traversal.name)} would be extracted outside its folder.`,
      ),
    );
  const hidden = entries.find((e) => disguised(e.name));
  if (hidden !== undefined)
    hits.push(
      reject(
        'zip-disguised-name',
        `The entry ${JSON.stringify(hidden.name)} hides its name with invisible characters.`,
      ),
    );
  const link = entries.find((e) => e.symlink);
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
  // Windows and macOS extract names case-insensitively: two entries that fold to one name
  // overwrite each other, and which one survives depends on the extractor.
  const seen = new Set<string>();
  const duplicate = files.find((e) => {
    const key = e.name.replace(/\\/g, '/').toLowerCase();
    if (seen.has(key)) return true;
    seen.add(key);
    return false;
  });
  if (duplicate !== undefined)
    hits.push(
      reject('zip-duplicate-name', `The archive holds two entries named ${JSON.stringify(duplicate.name)}.`),
    );
  return hits;
}

/**
 * Unpacks one entry with a hard cap: the declared size. Declared sizes can lie, so inflation stops
 * as soon as the output passes it, and an entry that expands to anything else is refused.
 */
async function extract(
  subject: ScanSubject,
  entry: ZipEntry,
  start: number,
  ctx: InspectContext,
): Promise<Uint8Array | Hit> {
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

const inconsistent = (why: string): Hit =>
  reject(
    'zip-inconsistent',
    `The archive is inconsistent: ${why}. Extractors would disagree about what it holds.`,
  );
const LOCAL = 0x04034b50;
const SIGNATURE = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
/** A gap between entries larger than this is refused unread; smaller ones are searched for hidden entries. */
const MAX_GAP = 64 * 1024;

/**
 * Reads every entry's local header and checks the archive as extractors see it: an extractor
 * that trusts local headers (streaming unzip) must find the same names, in the same places, as
 * one that trusts the central directory. Refuses a local name that differs from the directory's,
 * entries that overlap (the densest zip bombs reuse one payload), entries that run past the
 * directory, and local headers hidden between entries. Returns where each entry's data starts.
 */
async function readLayout(
  subject: ScanSubject,
  entries: readonly ZipEntry[],
  directoryOffset: number,
): Promise<Map<ZipEntry, number> | Hit> {
  const starts = new Map<ZipEntry, number>();
  const spans: [number, number, ZipEntry][] = [];
  for (const entry of entries) {
    const at = entry.localHeaderOffset;
    const header = await subject.read(at, at + 30 + entry.nameBytes.length);
    const v = new DataView(header.buffer, header.byteOffset, header.byteLength);
    if (header.length < 30 || v.getUint32(0, true) !== LOCAL)
      return reject('zip-corrupt', `The archive is damaged: no local header for ${entry.name}.`);
    const nameLen = v.getUint16(26, true);
    const local = header.subarray(30, 30 + nameLen);
    if (nameLen !== entry.nameBytes.length || !Buffer.from(local).equals(entry.nameBytes))
      return inconsistent(
        `the entry ${JSON.stringify(entry.name)} is named ${JSON.stringify(Buffer.from(local).toString('utf8'))} in its local header`,
      );
    const differs = localDiffers(v, entry);
    if (differs !== null)
      return inconsistent(
        `the local header of ${JSON.stringify(entry.name)} gives another ${differs} than its directory`,
      );
    if (entry.name.endsWith('/') && entry.uncompressedSize === 0 && entry.compressedSize > 2)
      return inconsistent(
        `the folder entry ${JSON.stringify(entry.name)} holds ${entry.compressedSize} bytes of data`,
      );
    const start = at + 30 + nameLen + v.getUint16(28, true);
    if (start + entry.compressedSize > directoryOffset)
      return inconsistent(`the entry ${JSON.stringify(entry.name)} runs past the end of the entries' area`);
    let end = start + entry.compressedSize;
    if ((entry.flags & DESCRIPTOR_FLAG) !== 0) {
      // The descriptor's own length, so that a local header just past it is still searched for.
      const length = descriptorLength(await subject.read(end, Math.min(end + 24, directoryOffset)), entry);
      if (length === null)
        return inconsistent(
          `the data descriptor after ${JSON.stringify(entry.name)} does not match its directory`,
        );
      end += length;
    }
    starts.set(entry, start);
    spans.push([at, end, entry]);
  }
  spans.sort((x, y) => x[0] - y[0]);
  let covered = 0;
  let dataEnd = 0;
  for (const [at, end, entry] of spans) {
    if (at < dataEnd)
      return reject(
        'zip-overlapping-entries',
        'The archive has entries that share their data (a zip bomb trick).',
      );
    if (at > covered) {
      const hidden = await hiddenHeader(subject, covered, at);
      if (hidden !== null) return hidden;
    }
    dataEnd = (starts.get(entry) ?? at) + entry.compressedSize;
    covered = Math.max(covered, end);
  }
  if (covered < directoryOffset) {
    const hidden = await hiddenHeader(subject, covered, directoryOffset);
    if (hidden !== null) return hidden;
  }
  return starts;
}

const DESCRIPTOR_FLAG = 8;
const DESCRIPTOR = 0x08074b50;
const U32_MAX = 0xffffffff;

/**
 * What a local header declares otherwise than the central directory (flags, method, checksum,
 * sizes), or null. A streaming extractor reads an entry's data by its local header: with another
 * size it would read another file out of the same bytes. Sizes and checksum count only where the
 * local header gives them (not after flag bit 3, which defers them to a data descriptor, nor
 * ZIP64's placeholder).
 */
function localDiffers(local: DataView, entry: ZipEntry): string | null {
  const flags = local.getUint16(6, true);
  if ((flags & DESCRIPTOR_FLAG) !== (entry.flags & DESCRIPTOR_FLAG)) return 'data descriptor flag';
  if (local.getUint16(8, true) !== entry.method) return 'compression method';
  if ((flags & DESCRIPTOR_FLAG) !== 0) return null;
  if (local.getUint32(14, true) !== entry.crc32 >>> 0) return 'checksum';
  const compressed = local.getUint32(18, true);
  const uncompressed = local.getUint32(22, true);
  if (compressed !== U32_MAX && compressed !== entry.compressedSize) return 'compressed size';
  if (uncompressed !== U32_MAX && uncompressed !== entry.uncompressedSize) return 'size';
  return null;
}

/**
 * The length of the data descriptor that follows an entry's data (APPNOTE 4.3.9): with or
 * without its signature, with 4- or 8-byte sizes; null when none of these matches the directory.
 */
function descriptorLength(bytes: Uint8Array, entry: ZipEntry): number | null {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const matches = (at: number, wide: boolean): boolean =>
    at + (wide ? 20 : 12) <= bytes.length &&
    v.getUint32(at, true) === entry.crc32 >>> 0 &&
    (wide ? Number(v.getBigUint64(at + 4, true)) : v.getUint32(at + 4, true)) === entry.compressedSize &&
    (wide ? Number(v.getBigUint64(at + 12, true)) : v.getUint32(at + 8, true)) === entry.uncompressedSize;
  const signed = bytes.length >= 4 && v.getUint32(0, true) === DESCRIPTOR;
  for (const at of signed ? [4, 0] : [0])
    for (const wide of [false, true]) if (matches(at, wide)) return at + (wide ? 20 : 12);
  return null;
}

async function hiddenHeader(subject: ScanSubject, from: number, to: number): Promise<Hit | null> {
  if (to - from > MAX_GAP)
    return inconsistent(`${to - from} bytes between entries are not listed in its directory`);
  const gap = Buffer.from(await subject.read(from, to));
  return gap.includes(SIGNATURE) ? inconsistent('it holds an entry that its directory does not list') : null;
}

/** The type of a ZIP from its entries: Office Open XML, OpenDocument (from its `mimetype` entry), or a plain archive. */
async function zipType(
  subject: ScanSubject,
  files: readonly ZipEntry[],
  starts: Map<ZipEntry, number>,
  ctx: InspectContext,
): Promise<{ type: DetectedType; kind: 'ooxml' | 'odf' | 'plain' }> {
  const names = files.map((e) => e.name);
  const ooxml = officeOpenXmlType(names);
  if (ooxml !== null) return { type: ooxml, kind: 'ooxml' };
  const mimetype = files.find((e) => e.name === 'mimetype');
  if (isOpenDocumentPackage(names) && mimetype !== undefined && mimetype.uncompressedSize < 256) {
    const bytes = await extract(subject, mimetype, starts.get(mimetype) ?? 0, ctx);
    const odf = 'rule' in bytes ? null : openDocumentType(Buffer.from(bytes).toString('latin1'));
    if (odf !== null) return { type: odf, kind: 'odf' };
  }
  return { type: { family: 'zip', mime: 'application/zip' }, kind: 'plain' };
}

/**
 * Inspects a ZIP from its central directory: the limits on entries, ratio, total size and names
 * are checked on declared sizes first (a bomb is refused without inflating it), then the layout
 * as extractors see it, then each entry is unpacked under a cap and inspected like a file of its
 * own. Empty entries are accepted as they are. An Office Open XML or OpenDocument file is
 * recognised by its parts and checked for macros and scripts instead of requiring every part
 * to be an accepted type.
 */
export async function inspectZip(
  subject: ScanSubject,
  ctx: InspectContext,
  inspectEntry: InspectEntry,
): Promise<{ type: DetectedType; hits: Hit[] }> {
  const plain: DetectedType = { family: 'zip', mime: 'application/zip' };
  const directory = await readZipDirectory(subject, {
    remaining: ctx.limits.maxEntries - ctx.budget.entries,
    maxEntries: ctx.limits.maxEntries,
  });
  if ('rule' in directory) return { type: plain, hits: [directory] };
  const { entries } = directory;
  ctx.budget.entries += entries.length;
  const files = entries.filter((e) => !(e.name.endsWith('/') && e.uncompressedSize === 0));
  const declared = declaredHits(entries, files, ctx);
  if (declared.length > 0)
    return { type: officeOpenXmlType(files.map((e) => e.name)) ?? plain, hits: declared };
  const starts = await readLayout(subject, entries, directory.offset);
  if ('rule' in starts) return { type: plain, hits: [starts] };
  const { type, kind } = await zipType(subject, files, starts, ctx);
  const names = files.map((e) => e.name);
  const hits = kind === 'ooxml' ? officeNameHits(names) : kind === 'odf' ? openDocumentNameHits(names) : [];
  if (hits.length > 0) return { type, hits };
  for (const entry of files) {
    ctx.signal?.throwIfAborted();
    if (entry.uncompressedSize === 0 && entry.compressedSize <= 2) continue;
    const bytes = await extract(subject, entry, starts.get(entry) ?? 0, ctx);
    if ('rule' in bytes) return { type, hits: [...hits, bytes] };
    // Only the parts these checks read are decoded: a workbook's sheets can be megabytes of XML.
    if (kind === 'ooxml' && isOfficeCheckedPart(entry.name)) hits.push(...officePartHits(entry.name, bytes));
    if (kind === 'odf' && /\.xml$/i.test(entry.name) && mayRunOrLoad(bytes))
      hits.push(...openDocumentPartHits(entry.name, new TextDecoder().decode(bytes)));
    const inner = await inspectEntry(bytesSubject(entry.name, bytes), kind === 'plain' ? 'strict' : 'office');
    hits.push(...inner.hits.map((h) => ({ ...h, detail: `${entry.name}: ${h.detail}` })));
  }
  return { type, hits };
}
