import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import type { ScanSubject } from '../../ports.js';
import { bytesSubject } from './bytes-subject.js';
import { type Hit, type InspectContext, reject } from './types.js';

/** The name of what a .gz holds: `report.csv.gz` holds `report.csv`, `x.tgz` holds `x.tar`. */
function innerName(name: string): string {
  if (/\.tgz$/i.test(name)) return name.replace(/\.tgz$/i, '.tar');
  return /\.gz(ip)?$/i.test(name) ? name.replace(/\.gz(ip)?$/i, '') : name;
}

const FEXTRA = 0x04;
const FNAME = 0x08;

/**
 * The file name a gzip header stores (RFC 1952 FNAME, latin1, without its folders), or null. 7-Zip
 * and `gunzip -N` extract under that name, not the one the .gz file was sent with, so it is judged
 * too: `cv.txt.gz` may store `cv.js`.
 */
export function gzipStoredName(head: Uint8Array): string | null {
  if (head.length < 10 || ((head[3] as number) & FNAME) === 0) return null;
  let at = 10;
  if (((head[3] as number) & FEXTRA) !== 0) at += 2 + ((head[10] as number) | ((head[11] as number) << 8));
  const end = head.indexOf(0, at);
  if (end === -1) return null;
  const name = Buffer.from(head.subarray(at, end)).toString('latin1');
  return name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1) || null;
}

/**
 * Decompresses a gzip file as it streams, stopping the moment the output passes the room left in
 * the expansion budget or the ratio limit (a gzip header declares no size worth trusting), and
 * returns the content as a subject to inspect like any file.
 */
export async function gunzipSubject(subject: ScanSubject, ctx: InspectContext): Promise<ScanSubject | Hit> {
  const { limits, budget } = ctx;
  const room = limits.maxExpandedBytes - budget.expandedBytes;
  const parts: Buffer[] = [];
  let read = 0;
  let written = 0;
  // Node 20's pipeline reports an abort rather than the error a stage threw, so keep the reason here.
  let stop: Hit | null = null;
  async function* counted() {
    for await (const chunk of subject.stream()) {
      read += chunk.length;
      yield chunk;
    }
  }
  try {
    await pipeline(
      Readable.from(counted()),
      createGunzip(),
      async (source: AsyncIterable<Buffer>) => {
        for await (const chunk of source) {
          written += chunk.length;
          if (written > room)
            stop = reject(
              'gzip-bomb-size',
              `The gzip content expands beyond ${(limits.maxExpandedBytes / 1024 / 1024).toFixed(0)} MB, the limit for one file.`,
            );
          else if (written > limits.ratioFloorBytes && written > limits.maxRatio * Math.max(1, read))
            stop = reject('gzip-bomb-ratio', `The gzip content expands more than ${limits.maxRatio} times.`);
          if (stop !== null) throw new Error(stop.detail);
          parts.push(chunk);
        }
      },
      ctx.signal === undefined ? {} : { signal: ctx.signal },
    );
  } catch (error) {
    if (stop !== null) return stop;
    if (ctx.signal?.aborted) throw error;
    return reject('gzip-corrupt', 'The gzip file is damaged and cannot be decompressed.');
  }
  budget.expandedBytes += written;
  return bytesSubject(innerName(subject.displayName), Buffer.concat(parts));
}
