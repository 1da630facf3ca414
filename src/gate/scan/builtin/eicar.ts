// The EICAR anti-malware test file: these 68 ASCII characters, which anti-virus products agree to
// report as if they were a virus. https://www.eicar.org/download-anti-malware-testfile/
const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';
const EICAR_BYTES = new TextEncoder().encode(EICAR);
const MAX_EICAR_FILE = 128;

/** The EICAR test string, for tests and fixtures that need to build the file. */
export const eicarTestString = EICAR;

const isWhitespace = (b: number): boolean =>
  b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d || b === 0x1a;

/**
 * Whether a file is the EICAR test file by EICAR's own rule: it starts with the 68-byte string,
 * may be followed only by whitespace (and a DOS end-of-file byte), and is at most 128 bytes long.
 * `head` is the start of the file and `size` its full length.
 */
export function isEicar(head: Uint8Array, size: number): boolean {
  if (size < EICAR_BYTES.length || size > MAX_EICAR_FILE || head.length < size) return false;
  for (let i = 0; i < EICAR_BYTES.length; i++) if (head[i] !== EICAR_BYTES[i]) return false;
  for (let i = EICAR_BYTES.length; i < size; i++) if (!isWhitespace(head[i] ?? 0)) return false;
  return true;
}
