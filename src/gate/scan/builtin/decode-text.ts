/** Text decoded from the head of a file, with the encoding that accepted it. */
export interface DecodedText {
  readonly encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'shift_jis';
  readonly text: string;
}

// C0 controls that plain text does not contain. Tab, LF, VT, FF, CR, ESC (ISO-2022-JP) and
// SUB (an old end-of-file marker) are allowed.
const ALLOWED_CONTROLS = new Set([0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1a, 0x1b]);

/** Whether decoded text holds a control character that plain text never contains. */
export function hasForbiddenControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && !ALLOWED_CONTROLS.has(c)) || c === 0x7f) return true;
  }
  return false;
}

function tryDecode(encoding: DecodedText['encoding'], bytes: Uint8Array): DecodedText | null {
  try {
    // `stream: true` tolerates a character cut in half at the end of the head we were given.
    const text = new TextDecoder(encoding, { fatal: true }).decode(bytes, { stream: true });
    return hasForbiddenControl(text) ? null : { encoding, text };
  } catch {
    return null;
  }
}

/**
 * Decodes bytes as text if they are text: UTF-8 (with or without BOM), UTF-16 with a BOM, or
 * Shift_JIS (Japanese Windows text and CSV exports from Excel). Returns null for binary content.
 */
export function decodeText(bytes: Uint8Array): DecodedText | null {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return tryDecode('utf-16le', bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return tryDecode('utf-16be', bytes.subarray(2));
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  return tryDecode('utf-8', bytes.subarray(start)) ?? tryDecode('shift_jis', bytes);
}
