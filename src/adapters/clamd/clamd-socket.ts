import { connect, type Socket } from 'node:net';
import { type ClamdAddress, formatClamdAddress } from './parse-clamd-address.js';

/** A clamd failure with a rule id for the finding (`clamd-unreachable`, `clamd-timeout`, `clamd-connection-reset`). */
export class ClamdError extends Error {
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * One conversation with clamd: connects, lets `send` write the request, and resolves with the
 * reply (up to the NUL that ends it, for `z` commands). The reply is kept even when clamd closes
 * the connection while we are still writing, which is how it answers "INSTREAM size limit
 * exceeded". Rejects with {@link ClamdError} on refusal, reset without a reply, or timeout.
 */
export function clamdExchange(
  address: ClamdAddress,
  timeoutMs: number,
  send: (socket: Socket) => Promise<void>,
  signal?: AbortSignal,
): Promise<string> {
  const where = formatClamdAddress(address);
  return new Promise<string>((resolve, reject) => {
    const socket = address.kind === 'unix' ? connect(address.path) : connect(address.port, address.host);
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = (error: Error | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      if (error !== null) reject(error);
      else resolve(Buffer.concat(chunks).toString('utf8'));
    };
    const onAbort = () => finish(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
    const timer = setTimeout(
      () =>
        finish(new ClamdError('clamd-timeout', `clamd at ${where} did not answer within ${timeoutMs} ms.`)),
      timeoutMs,
    );
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.on('data', (data: Buffer) => {
      chunks.push(data);
      if (data.includes(0)) finish(null);
    });
    socket.on('end', () => finish(null));
    socket.on('close', () => finish(null));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      // A reset after clamd has replied (it closes early on a size limit) is not a failure.
      if (chunks.length > 0) return finish(null);
      const refused = error.code === 'ECONNREFUSED' || error.code === 'ENOENT' || error.code === 'EACCES';
      finish(
        refused
          ? new ClamdError('clamd-unreachable', `clamd is not reachable at ${where} (${error.code}).`)
          : new ClamdError(
              'clamd-connection-reset',
              `clamd at ${where} closed the connection (${error.code ?? error.message}) before answering; a file over its StreamMaxLength is the usual cause.`,
            ),
      );
    });
    socket.once('connect', () => {
      send(socket).catch((error: Error) => {
        // When clamd closed on us (EPIPE, reset) the 'error'/'close' handlers decide, keeping any
        // reply; otherwise reading the file failed and clamd would wait for the rest until the timeout.
        if (!socket.destroyed && chunks.length === 0)
          finish(new ClamdError('clamd-send-failed', `Sending the file to clamd failed: ${error.message}`));
      });
    });
  });
}
