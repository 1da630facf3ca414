// Writes the sample files of the README's quick start into examples/files/: a short CV as a PDF
// and as a Word document, both valid and clean, and the EICAR anti-virus test file, which every
// engine must refuse. The output is byte-for-byte reproducible (no clock, no randomness), so a
// test can check that the committed files are what this script writes.
//   node scripts/build-examples.mjs [out-dir]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { deflateRawSync } from 'node:zlib';

const CV_LINES = [
  ['F2', 20, 'Hanako Yamada'],
  ['F1', 11, 'Backend engineer  |  Tokyo  |  hanako.yamada@example.com'],
  ['F2', 13, 'Experience'],
  ['F1', 11, '2021-now   Sample Inc.: payments API in TypeScript on AWS (ECS, DynamoDB)'],
  ['F1', 11, '2018-2021  Example KK: batch jobs and their monitoring; on-call lead'],
  ['F2', 13, 'Skills'],
  ['F1', 11, 'TypeScript, Node.js, SQL, Terraform, Step Functions, incident review'],
  ['F2', 13, 'Languages'],
  ['F1', 11, 'Japanese (native), English (business)'],
];

/** A one-page PDF 1.7 with the CV in Helvetica, a correct cross-reference table and no active content. */
export function buildCvPdf() {
  const pdfString = (text) => text.replace(/[\\()]/g, (c) => `\\${c}`);
  let y = 760;
  const content = CV_LINES.map(([font, size, text]) => {
    y -= size === 11 ? 18 : 30;
    return `BT /${font} ${size} Tf 72 ${y} Td (${pdfString(text)}) Tj ET`;
  }).join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>',
    '<< /Title (Hanako Yamada - CV) /Producer (sekisho examples) >>',
  ];
  let pdf = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n';
  const offsets = objects.map((body, i) => {
    const at = Buffer.byteLength(pdf, 'latin1');
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return at;
  });
  const xrefAt = Buffer.byteLength(pdf, 'latin1');
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  pdf += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 7 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A ZIP (APPNOTE 6.3) of deflated entries, dated 1980-01-01 so that the bytes never change. */
function zip(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [name, text] of entries) {
    const nameBytes = Buffer.from(name, 'utf8');
    const data = Buffer.from(text, 'utf8');
    const packed = deflateRawSync(data, { level: 9 });
    const fields = (header) => {
      header.writeUInt16LE(8, header.length === 30 ? 8 : 10); // method: deflate
      header.writeUInt16LE(0, header.length === 30 ? 10 : 12); // time 00:00
      header.writeUInt16LE(0x21, header.length === 30 ? 12 : 14); // date 1980-01-01
      header.writeUInt32LE(crc32(data), header.length === 30 ? 14 : 16);
      header.writeUInt32LE(packed.length, header.length === 30 ? 18 : 20);
      header.writeUInt32LE(data.length, header.length === 30 ? 22 : 24);
      header.writeUInt16LE(nameBytes.length, header.length === 30 ? 26 : 28);
    };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    fields(local);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    fields(central);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, packed);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const xmlEscape = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A minimal WordprocessingML document (ECMA-376 part 1) with the same CV, no macros, no outside links. */
export function buildCvDocx() {
  const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
  const paragraphs = CV_LINES.map(([font, size, text]) => {
    const props = `<w:rPr>${font === 'F2' ? '<w:b/>' : ''}<w:sz w:val="${size * 2}"/></w:rPr>`;
    return `<w:p><w:r>${props}<w:t xml:space="preserve">${xmlEscape(text)}</w:t></w:r></w:p>`;
  }).join('');
  return zip([
    [
      '[Content_Types].xml',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
        '</Types>',
    ],
    [
      '_rels/.rels',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>' +
        '</Relationships>',
    ],
    [
      'word/document.xml',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="${W}"><w:body>${paragraphs}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>`,
    ],
  ]);
}

/**
 * The EICAR anti-virus test file (eicar.org): harmless by design, and reported as a virus by
 * every engine. Assembled here from two halves so that this script itself is not flagged.
 */
export function buildEicar() {
  return Buffer.from(`X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-${'FILE!$H+H*'}`, 'latin1');
}

/** Every sample file by name. */
export function exampleFiles() {
  return { 'cv.pdf': buildCvPdf(), 'cv.docx': buildCvDocx(), 'eicar-test-file.txt': buildEicar() };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = resolve(process.argv[2] ?? join(import.meta.dirname, '..', 'examples', 'files'));
  mkdirSync(out, { recursive: true });
  for (const [name, bytes] of Object.entries(exampleFiles())) {
    writeFileSync(join(out, name), bytes);
    console.log(`${join(out, name)} (${bytes.length} bytes)`);
  }
}
