import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real HTTP proxy in front of the web app's webhook endpoint: while `down` (or when `failWhen`
 * says so) it answers 503 as an unavailable web app would; otherwise it forwards the request
 * unchanged and relays the answer.
 */
export async function startFlakyProxy() {
  const state = {
    target: '',
    down: false,
    failWhen: (_index: number) => false,
    forwarded: 0,
    refused: 0,
  };
  let index = 0;
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const n = index++;
    if (state.down || state.failWhen(n) || state.target === '') {
      state.refused++;
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end('{"error":{"code":"UNAVAILABLE","message":"the web app is down"}}');
      return;
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers))
      if (typeof value === 'string' && name.startsWith('webhook-')) headers[name] = value;
    const answer = await fetch(state.target, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: Buffer.concat(chunks),
    });
    state.forwarded++;
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(await answer.text());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/webhooks/verdicts`,
    state,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
