/**
 * Reading an Office XML part as Office reads it, for the few checks that look inside one: by its
 * byte-order mark (OPC allows UTF-16 parts, and a check that decodes them as UTF-8 sees nothing),
 * and with character references decoded in attribute values and text (`&#69;xternal` is
 * `External` to any XML parser).
 */

/** The text of an XML part, decoded by its byte-order mark, or by the `<` of UTF-16 without one. */
export function xmlPartText(bytes: Uint8Array): string {
  const [a, b] = [bytes[0], bytes[1]];
  if (a === 0xff && b === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (a === 0xfe && b === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  if (a === 0x3c && b === 0x00) return new TextDecoder('utf-16le').decode(bytes);
  if (a === 0x00 && b === 0x3c) return new TextDecoder('utf-16be').decode(bytes);
  return new TextDecoder().decode(bytes);
}

const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const REFERENCE = /&(?:#x([0-9a-f]+)|#(\d+)|(amp|lt|gt|quot|apos));/gi;

/** `text` with XML's character and entity references decoded (an unknown or invalid one is kept). */
export function decodeXmlReferences(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(REFERENCE, (whole, hex: string | undefined, dec: string | undefined, name?: string) => {
    if (name !== undefined) return NAMED[name.toLowerCase()] ?? whole;
    const code = Number.parseInt(hex ?? dec ?? '', hex === undefined ? 10 : 16);
    return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

const ATTRIBUTE = /\s*([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/y;

/** The start of an element named `local` under any prefix; built once per name. */
const starts = new Map<string, RegExp>();
function elementStart(local: string): RegExp {
  let start = starts.get(local);
  if (start === undefined) {
    start = new RegExp(`<(?:[\\w.-]+:)?${local}(?=[\\s/>])`, 'g');
    starts.set(local, start);
  }
  return start;
}

/**
 * The attributes of every element named `local` (under any namespace prefix) in `text`, values
 * decoded, names without their prefix. Attributes are read one by one, so a `>` inside a quoted
 * value does not end the element early.
 */
export function elementAttributes(text: string, local: string): Map<string, string>[] {
  const start = elementStart(local);
  const elements: Map<string, string>[] = [];
  for (const match of text.matchAll(start)) {
    const attributes = new Map<string, string>();
    ATTRIBUTE.lastIndex = (match.index ?? 0) + match[0].length;
    for (let m = ATTRIBUTE.exec(text); m !== null; m = ATTRIBUTE.exec(text)) {
      const name = (m[1] ?? '').replace(/^[\w.-]+:/, '');
      attributes.set(name, decodeXmlReferences(m[2] ?? m[3] ?? ''));
    }
    elements.push(attributes);
  }
  return elements;
}
