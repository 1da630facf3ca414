import type { Socket } from 'node:net';
import type { Scanner, ScanSubject } from '../../gate/ports.js';
import type { EngineResult } from '../../gate/verdict.js';
import { ClamdError, clamdExchange } from './clamd-socket.js';
import { type ClamdAddress, parseClamdAddress } from './parse-clamd-address.js';
import { parseClamdReply } from './parse-clamd-reply.js';

export { parseClamdAddress } from './parse-clamd-address.js';

/** Options of {@link createClamdScanner}. */
export interface ClamdScannerOptions {
  /** `tcp://HOST:PORT` or `unix:/path/to/socket`. */
  readonly address: string;
  /** How long one conversation with clamd may take, in ms. Default 30 000. */
  readonly timeoutMs?: number;
  /** Bytes per INSTREAM chunk. Default 64 KB (clamd's own default StreamMaxLength is 25 MB). */
  readonly chunkBytes?: number;
}

const ENGINE = 'clamav';

/** Sends a file with INSTREAM (clamd(8)): `zINSTREAM\0`, then `<uint32 BE length><bytes>` chunks, then a zero length. */
async function sendStream(socket: Socket, subject: ScanSubject, chunkBytes: number): Promise<void> {
  const write = async (data: Uint8Array) => {
    if (socket.destroyed || !socket.writable || socket.bytesRead > 0)
      throw new Error('clamd closed the connection');
    await new Promise<void>((resolve, reject) => {
      socket.write(data, (error) => (error ? reject(error) : resolve()));
    });
  };
  await write(Buffer.from('zINSTREAM\0'));
  for await (const chunk of subject.stream()) {
    for (let i = 0; i < chunk.length; i += chunkBytes) {
      const part = chunk.subarray(i, i + chunkBytes);
      const length = Buffer.alloc(4);
      length.writeUInt32BE(part.length);
      await write(Buffer.concat([length, part]));
      // Let the event loop read what clamd sent: it answers "size limit exceeded" and closes
      // mid-stream, and a write after that fails with EPIPE, which would drop the unread answer.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  await write(Buffer.alloc(4));
}

async function queryVersion(address: ClamdAddress, timeoutMs: number, signal?: AbortSignal): Promise<string> {
  const reply = await clamdExchange(address, timeoutMs, async (s) => void s.write('zVERSION\0'), signal);
  return reply.replace(/\0+$/, '').trim();
}

/**
 * The ClamAV engine: streams each file to clamd with INSTREAM over TCP or a unix socket, and asks
 * `zVERSION` for the engine and database version recorded in the result. Never throws for a
 * scan: refusal, reset, timeout or an unreadable reply give an `error` result (never clean); an
 * abort through `signal` rejects, for the caller that set the deadline. Findings use clamd's
 * signature name as the rule (`Eicar-Signature`, `Sekisho.Test.Marker.UNOFFICIAL`).
 *
 * clamd must run with `AlertExceedsMax yes`, or files beyond its MaxFileSize/MaxScanSize come back `OK`.
 *
 * @throws InvalidInputError (`CLAMD_ADDRESS_INVALID`) at creation for a malformed address.
 */
export function createClamdScanner(options: ClamdScannerOptions): Scanner {
  const address = parseClamdAddress(options.address);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const chunkBytes = options.chunkBytes ?? 64 * 1024;
  const failed = (rule: string, detail: string, version = 'clamd (version unknown)'): EngineResult => ({
    engine: ENGINE,
    version,
    kind: 'error',
    findings: [{ engine: ENGINE, rule, detail }],
  });
  const exchange = (subject: ScanSubject, signal?: AbortSignal) =>
    clamdExchange(address, timeoutMs, (socket) => sendStream(socket, subject, chunkBytes), signal);
  return {
    name: ENGINE,
    async scan(subject, signal) {
      const version = queryVersion(address, timeoutMs, signal).catch(() => 'clamd (version unknown)');
      let reply: string;
      try {
        reply = await exchange(subject, signal).catch((error: unknown) =>
          // On TCP, clamd's "size limit exceeded" answer can be lost to the reset that its early
          // close causes while we still write; one more attempt nearly always reads it.
          error instanceof ClamdError && error.rule === 'clamd-connection-reset'
            ? exchange(subject, signal)
            : Promise.reject(error),
        );
      } catch (error) {
        await version;
        if (error instanceof ClamdError) return failed(error.rule, error.message);
        throw error;
      }
      const outcome = parseClamdReply(reply);
      const findings =
        outcome.rule === null
          ? []
          : [{ engine: ENGINE, rule: outcome.rule, detail: outcome.detail ?? outcome.rule }];
      return { engine: ENGINE, version: await version, kind: outcome.kind, findings };
    },
  };
}
