import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { prng } from '../../../../test/support/prng.js';
import { PdfInspector } from './pdf-inspector.js';
import { reject } from './types.js';

// What the generated PDFs are made of: names the check acts on, whole and as the start of longer
// names, escaped, in strings and in comments; strings that hold keywords and brackets; containers
// that do not close; streams with direct, indirect and wrong lengths. No `/S N 0 R` (an action
// type by reference is named by its referrer only when that referrer was read, by design) and no
// `endstream` inside stream data (where the two ways end a stream differently, by design).
/** Names of ordinary dictionaries, and (rarer) names the check acts on or that look like them. */
const PLAIN_NAMES = [
  'Type',
  'StructElem',
  'S',
  'P',
  'K',
  'Pg',
  'MCID',
  'Font',
  'F',
  'Length1',
  'FontName',
  'Link',
  'URI',
  'GoTo',
  'AA',
  'OpenAction',
];
const TRICKY_NAMES = [
  'JSWDKF+CMTT10',
  'EFCTZZ+CMBX12',
  'UFO',
  'Upstream',
  'Xendobj',
  'RichMediaExecute',
  'XRef',
  'JavaScript',
  'JS',
  'Launch',
  'EF',
  'UF',
  'FS',
  'XFA',
  'ObjStm',
  'Filespec',
  'EmbeddedFile',
  'GoToR',
  'SubmitForm',
  'ImportData',
  'Encrypt',
  'J#61vaScript',
];
const name = (random: (n: number) => number) =>
  random(150) === 0 ? TRICKY_NAMES[random(TRICKY_NAMES.length)] : PLAIN_NAMES[random(PLAIN_NAMES.length)];
const STRINGS = [
  '(plain text)',
  '(endobj)',
  '(a \\) stream)',
  '(/JavaScript /Launch)',
  '(nested (paren) here)',
  '(calc.exe)',
  '(//host/share/a.pdf)',
  '<FEFF0041>',
  '<2f4a53>',
  '(trailer)',
  '()',
];

function value(random: (n: number) => number, depth: number): string {
  const pick = random(10);
  if (pick < 2) return String(random(1000));
  if (pick < 3) return `${1 + random(40)} 0 R`;
  if (pick < 6) return `/${name(random)}`;
  if (pick < 8) return STRINGS[random(STRINGS.length)] as string;
  if (depth > 2) return 'null';
  if (pick < 9) return `[${Array.from({ length: random(4) }, () => value(random, depth + 1)).join(' ')}]`;
  return dict(random, depth + 1);
}

function dict(random: (n: number) => number, depth = 0): string {
  const entries = Array.from({ length: random(5) }, () => `/${name(random)} ${value(random, depth)}`);
  // Now and then a container left open.
  const close = random(300) === 0 ? '' : '>>';
  return `<<${random(2) ? ' ' : ''}${entries.join(random(2) ? ' ' : '\n')} ${close}`;
}

/**
 * Objects where one byte decides: what each way of reading must find, or must not. `m` is the
 * number of an object added after the others, for those that refer to one.
 */
const HARD: readonly ((m: number) => { body: string; extra?: string })[] = [
  () => ({ body: '<< /S /J#61vaScript /J#53 (x) >>' }),
  () => ({ body: '<< /K 1 % >> endobj\n/S /JavaScript /JS (x) >>' }),
  () => ({ body: '<< /K 1 /A < /S /JavaScript /JS (x) > >>' }),
  () => ({ body: '<< /K [1 2 /P 3 0 R' }),
  () => ({ body: '<< /K [1 >> ] /S /Launch /F (cmd.exe) >>' }),
  () => ({ body: '/Launch' }),
  () => ({ body: '<< /Alt (a \\) endobj (b) /S /Launch) /T (x) >>' }),
  (m) => ({ body: `<< /S /GoToR /F ${m} 0 R /D [0 /Fit] >>`, extra: '<< /F (//host/share/a.pdf) >>' }),
  (m) => ({ body: `<< /S /GoToR /F ${m} 0 R /D [0 /Fit] >>`, extra: '<< /F <616e6e65782e706466> >>' }),
  (m) => ({ body: `<< /AcroForm << /XFA ${m} 0 R >> >>`, extra: 'XFA' }),
  (m) => ({ body: `<< /Type /Filespec /F (a.exe) /EF << /F ${m} 0 R >> >>`, extra: 'EMBEDDED' }),
  (m) => ({ body: '<< /Type /Catalog >>', extra: `HYBRID ${m}` }),
];

/** The bytes of object `n` for {@link HARD}'s `extra`: a dictionary, or a stream it names. */
function extraObject(n: number, extra: string): string {
  const stream = (dict: string, data: string) =>
    `${n} 0 obj\n<< ${dict} /Length ${data.length} >>\nstream\n${data}\nendstream\nendobj\n`;
  if (extra === 'XFA') return stream('', '<xdp><script>app.alert(1)</script></xdp>');
  if (extra === 'EMBEDDED') return stream('/Type /EmbeddedFile', 'MZ program');
  if (extra.startsWith('HYBRID'))
    // LibreOffice's hybrid PDF: a cross-reference stream whose trailer names the document.
    return `${stream('', 'PK document')}${n + 1} 0 obj\n<< /Type /XRef /Size ${n + 2} /AdditionalStreams [/application/vnd.oasis.opendocument.text ${n} 0 R] /Length 0 >>\nstream\n\nendstream\nendobj\n`;
  return `${n} 0 obj\n${extra}\nendobj\n`;
}

/** A PDF of random objects; streams of random bytes with no `endstream` in them. */
function randomPdf(random: (n: number) => number): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  const count = 3 + random(25);
  // One file in three runs something in one of its objects; one in three holds a hard case.
  const active = random(3) === 0 ? 1 + random(count) : -1;
  const hard = random(3) === 0 ? 1 + random(count) : -1;
  const actions = [
    '<< /S /JavaScript /JS (app.alert(1)) >>',
    '<< /S /Launch /F (calc.exe) >>',
    '<< /Type /Annot /A << /S /J#61vaScript /JS 9 0 R >> >>',
  ];
  const extras: string[] = [];
  for (let n = 1; n <= count; n++) {
    if (n === active) {
      parts.push(Buffer.from(`${n} 0 obj\n${actions[random(actions.length)]}\nendobj\n`, 'latin1'));
      continue;
    }
    if (n === hard) {
      const { body, extra } = (HARD[random(HARD.length)] as (m: number) => { body: string; extra?: string })(
        count + 1,
      );
      parts.push(Buffer.from(`${n} 0 obj\n${body}\nendobj\n`, 'latin1'));
      if (extra !== undefined) extras.push(extraObject(count + 1, extra));
      continue;
    }
    if (random(10) === 0) {
      // An object stream of random objects, now and then an action or an escaped name among them.
      const inner = Array.from({ length: 1 + random(6) }, () =>
        random(12) === 0 ? (actions[random(actions.length)] as string) : dict(random),
      );
      const offsets: number[] = [];
      let body = '';
      for (const object of inner) {
        offsets.push(body.length);
        body += `${object}\n`;
      }
      const head = offsets.map((o, j) => `${1000 + n * 10 + j} ${o}`).join(' ');
      const data = deflateSync(Buffer.from(`${head}\n${body}`, 'latin1'));
      parts.push(
        Buffer.from(
          `${n} 0 obj\n<< /Type /ObjStm /N ${inner.length} /First ${head.length + 1} /Filter /FlateDecode /Length ${data.length} >>\nstream\n`,
          'latin1',
        ),
        data,
        Buffer.from('\nendstream\nendobj\n', 'latin1'),
      );
      continue;
    }
    if (random(15) === 0) parts.push(Buffer.from('% a comment between objects\n'));
    const kind = random(5);
    if (kind === 0) {
      const bytes = Buffer.from(Array.from({ length: random(300) }, () => random(256)));
      const data = random(2) ? deflateSync(bytes) : bytes;
      const length = [String(data.length), `${count + 1} 0 R`, String(data.length + random(5) - 2)][
        random(3)
      ];
      const eol = ['\n', '\r\n'][random(2)];
      parts.push(
        Buffer.from(
          `${n} 0 obj\n<< /Length ${length} ${random(3) ? '' : '/Filter /FlateDecode'}>>\nstream${eol}`,
          'latin1',
        ),
        data,
        Buffer.from(`${random(2) ? '\n' : '\r\n'}endstream\nendobj\n`, 'latin1'),
      );
    } else parts.push(Buffer.from(`${n} 0 obj${random(8) ? '\n' : ''}${dict(random)}\nendobj\n`, 'latin1'));
  }
  parts.push(Buffer.from(extras.join(''), 'latin1'));
  const offsets = Array.from({ length: count }, (_, i) => `${String(15 + i).padStart(10, '0')} 00000 n \n`);
  parts.push(
    Buffer.from(
      `xref\n0 ${count + 1}\n0000000000 65535 f \n${offsets.join('')}trailer\n<< /Size ${count + 1} /Root 1 0 R >>\nstartxref\n0\n%%EOF\n`,
      'latin1',
    ),
  );
  return Buffer.concat(parts);
}

async function inspect(pdf: Buffer, chunk: number, stepsOver: boolean) {
  const inspector = new PdfInspector({ expandedBytes: 0 }, 10 * 1024 * 1024, stepsOver);
  for (let at = 0; at < pdf.length; at += chunk) inspector.push(pdf.subarray(at, at + chunk));
  return inspector.finish({
    read: async (start, end) => pdf.subarray(start, end),
    // Every attachment and every hybrid document is refused: one that is missed shows.
    inspectEmbedded: async (name: string) => [reject('inner', `${name} was inspected`)],
  });
}

describe('stepping over plain objects finds what reading every byte finds', () => {
  it('gives the same findings, word for word, on 400 random PDFs cut into random chunks', async () => {
    const random = prng(20261201);
    let refused = 0;
    for (let round = 0; round < 400; round++) {
      const pdf = randomPdf(random);
      const chunk = [pdf.length, 1 + random(64), 1 + random(4096)][random(3)] as number;
      const reference = await inspect(pdf, pdf.length, false);
      const stepped = await inspect(pdf, chunk, true);
      expect(stepped, `round ${round}, chunks of ${chunk}:\n${pdf.toString('latin1')}`).toEqual(reference);
      if (reference.length > 0) refused++;
    }
    // The generator makes both kinds of file, or the comparison proves little.
    expect(refused).toBeGreaterThan(60);
    expect(refused).toBeLessThan(300);
  });
});
