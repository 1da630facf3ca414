import type { ScanSubject } from '../../ports.js';

/** One entry of a compound file's directory (MS-CFB §2.6). */
export interface OleEntry {
  readonly name: string;
  /** 1 storage, 2 stream, 5 root storage. */
  readonly type: number;
  readonly start: number;
  readonly size: number;
}

const END_OF_CHAIN = 0xfffffffe;
const FREE = 0xffffffff;
const MINI_STREAM_CUTOFF = 4096;

/** Thrown for a compound file whose structure does not hold together; the engine refuses it. */
export class OleFormatError extends Error {}

const u32s = (b: Uint8Array): number[] => {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return Array.from({ length: b.length >> 2 }, (_, i) => v.getUint32(i * 4, true));
};

/**
 * Reads a Compound File Binary (the container of .doc, .xls, .ppt, .msi) through `read()`:
 * the FAT, the directory and, on request, one stream's bytes. Every chain is bounded, so a
 * crafted file with a loop cannot make the engine spin.
 */
export class OleReader {
  private constructor(
    private readonly subject: ScanSubject,
    private readonly sectorSize: number,
    private readonly fat: readonly number[],
    private readonly header: DataView,
  ) {}

  static async open(subject: ScanSubject): Promise<OleReader> {
    const head = await subject.read(0, 512);
    if (head.length < 512) throw new OleFormatError('the header is truncated');
    const h = new DataView(head.buffer, head.byteOffset, 512);
    const shift = h.getUint16(0x1e, true);
    if (shift !== 9 && shift !== 12) throw new OleFormatError(`sector shift ${shift}`);
    const sectorSize = 1 << shift;
    const maxSectors = Math.ceil(subject.size / sectorSize);
    const fatSectorIds = u32s(head.subarray(0x4c, 512)).filter((s) => s !== FREE);
    let difat = h.getUint32(0x44, true);
    for (let n = h.getUint32(0x48, true); n > 0 && difat < maxSectors; n--) {
      const ids = u32s(await subject.read((difat + 1) * sectorSize, (difat + 2) * sectorSize));
      difat = ids.pop() ?? END_OF_CHAIN;
      fatSectorIds.push(...ids.filter((s) => s !== FREE));
    }
    if (fatSectorIds.length > maxSectors) throw new OleFormatError('the FAT is larger than the file');
    const fat: number[] = [];
    for (const id of fatSectorIds)
      fat.push(...u32s(await subject.read((id + 1) * sectorSize, (id + 2) * sectorSize)));
    return new OleReader(subject, sectorSize, fat, h);
  }

  private chain(start: number, table: readonly number[]): number[] {
    const out: number[] = [];
    for (let s = start; s !== END_OF_CHAIN; s = table[s] ?? END_OF_CHAIN) {
      if (s >= table.length || out.length > table.length)
        throw new OleFormatError('a sector chain is broken or loops');
      out.push(s);
    }
    return out;
  }

  private async readChain(start: number, size: number): Promise<Uint8Array> {
    const parts: Uint8Array[] = [];
    for (const s of this.chain(start, this.fat))
      parts.push(await this.subject.read((s + 1) * this.sectorSize, (s + 2) * this.sectorSize));
    return Buffer.concat(parts).subarray(0, size);
  }

  /** The directory's bytes as read by {@link directory}, for a look at entries out of place. */
  directoryBytes: Uint8Array = new Uint8Array(0);

  async directory(): Promise<OleEntry[]> {
    const first = this.header.getUint32(0x30, true);
    const bytes = await this.readChain(first, Number.MAX_SAFE_INTEGER);
    this.directoryBytes = bytes;
    const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    // The first entry is the root storage (MS-CFB §2.6.2); anything else means the chain points
    // at other bytes, as when the file has been shifted, and the names read are not the real ones.
    if (bytes.length < 128 || v.getUint8(0x42) !== 5)
      throw new OleFormatError('the directory does not start with its root storage');
    const entries: OleEntry[] = [];
    for (let at = 0; at + 128 <= bytes.length; at += 128) {
      const nameLen = Math.min(64, v.getUint16(at + 0x40, true));
      const type = v.getUint8(at + 0x42);
      if (type === 0) continue;
      const name = new TextDecoder('utf-16le').decode(bytes.subarray(at, at + Math.max(0, nameLen - 2)));
      entries.push({ name, type, start: v.getUint32(at + 0x74, true), size: v.getUint32(at + 0x78, true) });
    }
    return entries;
  }

  /**
   * The bytes of one stream, from the mini stream when it is smaller than 4096 bytes (§2.5). The
   * cutoff is fixed by the spec; the header's copy is ignored, as Office and olefile do, so a
   * forged value cannot make us read other bytes than the application would.
   */
  async stream(entry: OleEntry, root: OleEntry): Promise<Uint8Array> {
    if (entry.size >= MINI_STREAM_CUTOFF) return this.readChain(entry.start, entry.size);
    const miniFat = u32s(await this.readChain(this.header.getUint32(0x3c, true), Number.MAX_SAFE_INTEGER));
    const container = await this.readChain(root.start, root.size);
    const miniSize = 1 << this.header.getUint16(0x20, true);
    const parts = this.chain(entry.start, miniFat).map((s) =>
      container.subarray(s * miniSize, (s + 1) * miniSize),
    );
    return Buffer.concat(parts).subarray(0, entry.size);
  }
}
