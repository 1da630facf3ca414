import { InvalidInputError } from '../../shared/errors.js';

/** Where clamd listens: a TCP host and port, or a unix socket path. */
export type ClamdAddress =
  | { readonly kind: 'tcp'; readonly host: string; readonly port: number }
  | { readonly kind: 'unix'; readonly path: string };

const HELP = "Use 'tcp://HOST:PORT' (e.g. tcp://127.0.0.1:3310) or 'unix:/path/to/clamd.ctl'.";

/**
 * Parses a clamd address: `tcp://HOST:PORT` (IPv6 in brackets) or `unix:/absolute/path`
 * (`unix:///path` also accepted). Throws {@link InvalidInputError} `CLAMD_ADDRESS_INVALID` saying what is wrong.
 */
export function parseClamdAddress(s: string): ClamdAddress {
  const bad = (why: string) =>
    new InvalidInputError('CLAMD_ADDRESS_INVALID', `Invalid clamd address '${s}': ${why}. ${HELP}`);
  if (s.startsWith('unix:')) {
    const path = s.replace(/^unix:(\/\/)?/, '');
    if (!path.startsWith('/')) throw bad('the socket path must be absolute');
    return { kind: 'unix', path };
  }
  if (!s.startsWith('tcp://')) throw bad('it must start with tcp:// or unix:');
  const match = /^tcp:\/\/(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})\/?$/.exec(s);
  if (match === null) throw bad('expected tcp://HOST:PORT');
  const port = Number(match[2]);
  if (port < 1 || port > 65535) throw bad(`port ${port} is outside 1-65535`);
  return { kind: 'tcp', host: (match[1] as string).replace(/^\[|\]$/g, ''), port };
}

/** The address written back the way a user would type it, for messages. */
export function formatClamdAddress(a: ClamdAddress): string {
  return a.kind === 'unix'
    ? `unix:${a.path}`
    : `tcp://${a.host.includes(':') ? `[${a.host}]` : a.host}:${a.port}`;
}
