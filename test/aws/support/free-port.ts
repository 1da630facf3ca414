import { createServer } from 'node:net';

/** A TCP port free on loopback right now (the caller binds it next; the gap is tiny on a test machine). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((ok) => server.close(() => ok()));
  return port;
}
