import type { IncomingMessage, ServerResponse } from 'node:http';

/** An open Server-Sent Events stream. */
export interface SseStream {
  send(event: string, data: unknown): void;
  close(): void;
}

/**
 * Starts an SSE response: headers, a retry hint, and a comment every `heartbeatMs` so proxies
 * keep the connection open. `onClose` runs once when the client goes away.
 */
export function openSse(
  req: IncomingMessage,
  res: ServerResponse,
  onClose: () => void,
  heartbeatMs = 15_000,
): SseStream {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  res.write('retry: 2000\n\n');
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), heartbeatMs);
  heartbeat.unref();
  let closed = false;
  const close = (): void => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    onClose();
    res.end();
  };
  req.on('close', close);
  return {
    send(event, data) {
      if (!closed) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    close,
  };
}
