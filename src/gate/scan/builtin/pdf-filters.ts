import { constants, inflateSync } from 'node:zlib';
import { isDict, isName, type PdfDict, type PdfValue } from './pdf-parser.js';

/** Why a stream could not be decoded: a filter we do not implement, damage, or the size budget. */
export class PdfDecodeError extends Error {
  constructor(
    message: string,
    readonly tooBig = false,
  ) {
    super(message);
  }
}

const ABBREVIATIONS: Readonly<Record<string, string>> = {
  Fl: 'FlateDecode',
  LZW: 'LZWDecode',
  AHx: 'ASCIIHexDecode',
  A85: 'ASCII85Decode',
  RL: 'RunLengthDecode',
};

/** The filters of a stream dictionary, in the order they apply, with their parameters. */
export function streamFilters(dict: PdfDict): { name: string; parms: PdfDict | undefined }[] {
  const filter = dict.get('Filter');
  const parms = dict.get('DecodeParms') ?? dict.get('DP');
  const names = Array.isArray(filter) ? filter : filter === undefined ? [] : [filter];
  const parmList: (PdfValue | undefined)[] = Array.isArray(parms) ? parms : [parms];
  return names.map((f, i) => {
    const raw = isName(f) ? f.n : '?';
    const p = parmList[i];
    return { name: ABBREVIATIONS[raw] ?? raw, parms: isDict(p) ? p : undefined };
  });
}

function asciiHex(data: Uint8Array): Uint8Array {
  const out: number[] = [];
  let high = -1;
  for (const b of data) {
    if (b === 0x3e) break;
    const v =
      b >= 0x30 && b <= 0x39 ? b - 0x30 : (b | 0x20) >= 0x61 && (b | 0x20) <= 0x66 ? (b | 0x20) - 87 : -1;
    if (v < 0) continue;
    if (high < 0) high = v;
    else {
      out.push(high * 16 + v);
      high = -1;
    }
  }
  if (high >= 0) out.push(high * 16);
  return Uint8Array.from(out);
}

function ascii85(data: Uint8Array): Uint8Array {
  const out: number[] = [];
  const group: number[] = [];
  const emit = (n: number) => {
    let value = 0;
    for (let i = 0; i < 5; i++) value = value * 85 + (group[i] ?? 84);
    for (let i = 0; i < n; i++) out.push((value >>> (24 - 8 * i)) & 0xff);
  };
  for (const b of data) {
    if (b === 0x7e) break; // '~>' ends the data
    if (b === 0x7a && group.length === 0) {
      out.push(0, 0, 0, 0);
      continue;
    }
    if (b < 0x21 || b > 0x75) continue;
    group.push(b - 0x21);
    if (group.length === 5) {
      emit(4);
      group.length = 0;
    }
  }
  if (group.length > 1) emit(group.length - 1);
  return Uint8Array.from(out);
}

function runLength(data: Uint8Array, room: number): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < data.length; ) {
    const len = data[i] as number;
    if (len === 128) break;
    if (len < 128) {
      for (let j = 1; j <= len + 1 && i + j < data.length; j++) out.push(data[i + j] as number);
      i += len + 2;
    } else {
      const b = data[i + 1] ?? 0;
      for (let j = 0; j < 257 - len; j++) out.push(b);
      i += 2;
    }
    if (out.length > room) throw new PdfDecodeError('expands beyond the size limit', true);
  }
  return Uint8Array.from(out);
}

function lzw(data: Uint8Array, earlyChange: number, room: number): Uint8Array {
  const out: number[] = [];
  let table: number[][] = [];
  const reset = () => {
    table = [];
    for (let i = 0; i < 256; i++) table.push([i]);
    table.push([], []);
  };
  reset();
  let width = 9;
  let prev: number[] | null = null;
  let bits = 0;
  let acc = 0;
  for (const b of data) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= width) {
      const code = (acc >>> (bits - width)) & ((1 << width) - 1);
      bits -= width;
      acc &= (1 << bits) - 1;
      if (code === 256) {
        reset();
        width = 9;
        prev = null;
        continue;
      }
      if (code === 257) return Uint8Array.from(out);
      let entry = table[code];
      if (entry === undefined || (code >= 258 && entry.length === 0)) {
        if (prev === null || code !== table.length) throw new PdfDecodeError('damaged LZW data');
        entry = [...prev, prev[0] as number];
      }
      for (const e of entry) out.push(e);
      if (out.length > room) throw new PdfDecodeError('expands beyond the size limit', true);
      if (prev !== null) table.push([...prev, entry[0] as number]);
      prev = entry;
      if (table.length + earlyChange >= 1 << width && width < 12) width++;
    }
  }
  return Uint8Array.from(out);
}

/** PNG predictors (§7.4.4.4, RFC 2083 §6): each row starts with its filter type byte. */
function unpredict(data: Uint8Array, parms: PdfDict | undefined): Uint8Array {
  const predictor = parms?.get('Predictor');
  if (typeof predictor !== 'number' || predictor < 2) return data;
  if (predictor === 2) throw new PdfDecodeError('uses the TIFF predictor');
  const num = (key: string, fallback: number) => {
    const v = parms?.get(key);
    return typeof v === 'number' ? v : fallback;
  };
  const bpp = Math.max(1, Math.ceil((num('Colors', 1) * num('BitsPerComponent', 8)) / 8));
  const rowLen = Math.ceil((num('Colors', 1) * num('BitsPerComponent', 8) * num('Columns', 1)) / 8);
  const rows = Math.floor(data.length / (rowLen + 1));
  const out = new Uint8Array(rows * rowLen);
  for (let r = 0; r < rows; r++) {
    const type = data[r * (rowLen + 1)] as number;
    const src = r * (rowLen + 1) + 1;
    const at = r * rowLen;
    for (let i = 0; i < rowLen; i++) {
      const x = data[src + i] as number;
      const left = i >= bpp ? (out[at + i - bpp] as number) : 0;
      const up = r > 0 ? (out[at - rowLen + i] as number) : 0;
      const upLeft = r > 0 && i >= bpp ? (out[at - rowLen + i - bpp] as number) : 0;
      let v = x;
      if (type === 1) v = x + left;
      else if (type === 2) v = x + up;
      else if (type === 3) v = x + ((left + up) >> 1);
      else if (type === 4) {
        const p = left + up - upLeft;
        const pa = Math.abs(p - left);
        const pb = Math.abs(p - up);
        const pc = Math.abs(p - upLeft);
        v = x + (pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft);
      }
      out[at + i] = v & 0xff;
    }
  }
  return out;
}

/** Output buffer sizes for inflation: zlib's 16 KB default makes most object streams several pieces to join. */
const MIN_CHUNK = 16 * 1024;
const MAX_CHUNK = 4 * 1024 * 1024;
/** Object streams expand about five times (measured on TeX, LibreOffice and Word output): room for eight. */
const EXPECTED_RATIO = 8;

function inflate(data: Uint8Array, room: number): Uint8Array {
  // One output buffer that most streams fit in: no joining of pieces, less garbage.
  const chunkSize = Math.max(MIN_CHUNK, Math.min(MAX_CHUNK, room, data.length * EXPECTED_RATIO));
  try {
    // Sync flush: many writers end a Flate stream without its checksum, and readers accept that.
    return inflateSync(data, {
      maxOutputLength: Math.max(1, room),
      finishFlush: constants.Z_SYNC_FLUSH,
      chunkSize,
    });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
      throw new PdfDecodeError('expands beyond the size limit', true);
    throw new PdfDecodeError('damaged Flate data');
  }
}

/**
 * Decodes stream data through its filters (Flate, LZW, ASCIIHex, ASCII85, RunLength, with PNG
 * predictors), producing at most `room` bytes. Throws {@link PdfDecodeError} for an image or
 * crypt filter, damage, or output beyond `room`.
 */
export function decodeStream(data: Uint8Array, dict: PdfDict, room: number): Uint8Array {
  let out = data;
  for (const { name, parms } of streamFilters(dict)) {
    const early = parms?.get('EarlyChange');
    switch (name) {
      case 'FlateDecode':
        out = unpredict(inflate(out, room), parms);
        break;
      case 'LZWDecode':
        out = unpredict(lzw(out, typeof early === 'number' ? early : 1, room), parms);
        break;
      case 'ASCIIHexDecode':
        out = asciiHex(out);
        break;
      case 'ASCII85Decode':
        out = ascii85(out);
        break;
      case 'RunLengthDecode':
        out = runLength(out, room);
        break;
      default:
        throw new PdfDecodeError(`uses the ${name} filter`);
    }
    if (out.length > room) throw new PdfDecodeError('expands beyond the size limit', true);
  }
  return out;
}
