import { clamdExchange } from './clamd-socket.js';
import { formatClamdAddress, parseClamdAddress } from './parse-clamd-address.js';

/** A check that clamd answers: where it was asked, and a call that resolves with its version. */
export interface ClamdProbe {
  readonly engine: 'clamav';
  /** The address as the operator typed it, for messages. */
  readonly where: string;
  /** Resolves with clamd's version (`ClamAV 1.0.7/27480/…`); rejects saying why it did not answer. */
  check(): Promise<string>;
}

/**
 * Asks clamd `zVERSION` (clamd(8)): a cheap command that proves the daemon accepts connections and
 * answers, without sending a file. `timeoutMs` (default 3000) bounds a socket that accepts and
 * then says nothing, as a clamd still loading its database or a wrong port does.
 */
export function createClamdProbe(address: string, timeoutMs = 3000): ClamdProbe {
  const parsed = parseClamdAddress(address);
  const where = formatClamdAddress(parsed);
  return {
    engine: 'clamav',
    where,
    async check() {
      const reply = await clamdExchange(parsed, timeoutMs, async (s) => void s.write('zVERSION\0'));
      const version = reply.replace(/\0+$/, '').trim();
      if (!version.startsWith('ClamAV'))
        throw new Error(
          version === ''
            ? `clamd at ${where} closed the connection without answering.`
            : `${where} answered '${version.slice(0, 80)}', which is not clamd.`,
        );
      return version;
    },
  };
}
