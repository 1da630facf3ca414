import { createServer, type IncomingMessage, type Server } from 'node:http';

/** How the flaky web app answers now. */
export type WebAppMode = '503' | 'refused' | 'up';

/** A stand-in for the web app's webhook endpoint that can be down. */
export interface FlakyWebApp {
  readonly url: string;
  /** Switches the mode; `refused` closes the port, leaving it reopens it on the same port. */
  set(mode: WebAppMode): Promise<void>;
  close(): Promise<void>;
}

/**
 * The web app's webhook endpoint behind a switch, on a fixed port: `503` answers as a web app in
 * the middle of a deploy would, `refused` closes the port (connection refused), `up` forwards the
 * signed request unchanged (its `webhook-*` headers and body) to `target()` + the same path.
 * Starts answering 503.
 */
export async function startFlakyWebApp(target: () => string): Promise<FlakyWebApp> {
  let mode: WebAppMode = '503';
  const read = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  };
  const server: Server = createServer(async (req, res) => {
    const body = await read(req);
    if (mode !== 'up') {
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end('{"error":{"code":"UNAVAILABLE","message":"deploying"}}');
      return;
    }
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(([n]) => n.startsWith('webhook-') || n === 'content-type'),
    ) as Record<string, string>;
    const answer = await fetch(`${target()}${req.url}`, { method: 'POST', headers, body });
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(Buffer.from(await answer.arrayBuffer()));
  });
  const listen = (port: number) =>
    new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  await listen(0);
  const { port } = server.address() as { port: number };
  const closePort = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return {
    url: `http://127.0.0.1:${port}`,
    async set(next: WebAppMode) {
      if (mode === 'refused' && next !== 'refused') await listen(port);
      if (next === 'refused' && mode !== 'refused') await closePort();
      mode = next;
    },
    close: () => (mode === 'refused' ? Promise.resolve() : closePort()),
  };
}
