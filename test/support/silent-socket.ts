import { createServer, type Socket } from 'node:net';
import { freePort } from './free-port.js';

/** A TCP server on loopback that accepts connections and never answers: a hung or wrong service. */
export interface SilentSocket {
  readonly address: string;
  close(): Promise<void>;
}

/** Listens on a free loopback port; every connection is held open, unread, until `close`. */
export async function startSilentSocket(): Promise<SilentSocket> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    address: `tcp://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A loopback TCP address nothing listens on (a port just freed), so a connection is refused. */
export async function refusedAddress(): Promise<string> {
  return `tcp://127.0.0.1:${await freePort()}`;
}
