import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A received request, as a local HTTP endpoint saw it. */
export interface Received {
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/**
 * A real HTTP endpoint on 127.0.0.1 that records what it receives and answers with the status
 * `respond` chooses (200 by default), for the release handler's tests.
 */
export async function startWebhookReceiver(respond: (received: Received) => number = () => 200) {
  const received: Received[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const entry = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
    received.push(entry);
    const status = respond(entry);
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/webhooks/verdicts`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
