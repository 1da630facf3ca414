// Differential fuzz: base vs new PdfInspector on the same bytes and chunking.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { buildPdf } from '/work/wt/scanperf/test/fixtures/files/build-pdf.ts';
const B = await import('/tmp/scan-base/dist/gate/scan/builtin/pdf-inspector.js');
const N = await import('/work/wt/scanperf/dist/gate/scan/builtin/pdf-inspector.js');
let seed = Number(process.env.SEED ?? 1);
const rnd = () => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed / 2 ** 32; };
const ri = (n: number) => Math.floor(rnd() * n);
async function run(M: any, bytes: Buffer, chunk: number) {
  const p = new M.PdfInspector({ expandedBytes: 0 }, 100 << 20);
  for (let i = 0; i < bytes.length; i += chunk) p.push(bytes.subarray(i, i + chunk));
  const embedded: string[] = [];
  const hits = await p.finish({ read: async (a: number, b: number) => bytes.subarray(Math.max(0, a), Math.min(bytes.length, b)), inspectEmbedded: async (name: string, b: Uint8Array) => { embedded.push(name + ':' + b.length); return b.length % 3 === 0 ? [{ kind: 'rejected', rule: 'x', detail: 'y' }] : []; } });
  return JSON.stringify({ hits, embedded });
}
const seeds: Buffer[] = [];
const extras = ['/OpenAction << /S /JavaScript /JS (app.alert(1)) >>', '/OpenAction << /S /Launch /F (calc.exe) >>', '/AA << /O << /S /J#61vaScript /JS 9 0 R >> >>', '/Names << /JavaScript << /Names [(a) 9 0 R] >> >>', '/OpenAction << /S /GoToR /F (\\\\\\\\host\\\\share\\\\a.pdf) >>', '/OpenAction << /S /GoToR /F 9 0 R >>', '/OpenAction << /S /SubmitForm /F (http://x) >>', '/AcroForm << /XFA 9 0 R >>', '/OpenAction << /S /ImportData /F (a.fdf) >>', '/Title (Senior JavaScript Engineer)', '/OpenAction << /S 9 0 R >>', '/OpenAction << /S /URI /URI (https://example.com/#JS) >>'];
const objstms = ['<< /S /JavaScript /JS (x) >>', '<< /Type /Annot /A << /S /Launch /F (a.exe) >> >>', '<< /Type /Filespec /F (a.exe) /EF << /F 7 0 R >> >>', '<< /S /R#69chMediaExecute >>', '/Launch', '<< /Title (JavaScript /JS) >>', '<< /Subtype /RichMedia >>', '<< /S /GoToR /F (//srv/x) >>'];
for (const e of extras) seeds.push(buildPdf({ catalogExtra: e }));
for (const o of objstms) seeds.push(buildPdf({ objStm: o, catalogExtra: '/OpenAction 5 0 R' }));
seeds.push(buildPdf({ objects: [{ dict: '/Type /EmbeddedFile /Filter /FlateDecode', data: deflateSync(Buffer.from('MZ\x90\x00 program')) }, '<< /Type /Filespec /F (a.exe) /UF (a.exe) /EF << /F 7 0 R >> >>'], catalogExtra: '/Names << /EmbeddedFiles << /Names [(a) 8 0 R] >> >>' }));
seeds.push(buildPdf({ objects: ['<xdp:xdp><script>app.alert(1)</script></xdp:xdp>'.length ? { dict: '/Length 48', data: Buffer.from('<xdp:xdp><script>app.alert(1)</script></xdp:xdp>') } : ''], catalogExtra: '/AcroForm << /XFA 7 0 R >>' }));
seeds.push(buildPdf({ trailerExtra: '/Encrypt 9 0 R', objStm: '<< /A 1 >>' }));
const dir = '/tmp/sekisho-corpus/corpus/pdf';
const corpus = readdirSync(dir).map((f) => readFileSync(join(dir, f))).filter((b) => b.length < 400_000).slice(0, Number(process.env.CORPUS ?? 40));
const TOKENS = ['/JS', '/JavaScript', '#4A', '#', '(', ')', '\\', '<<', '>>', '<', '>', '[', ']', 'stream\n', 'stream\r\n', 'endstream', ' obj', '1 0 obj', 'endobj', '%', '\n', ' R', '/S /Launch', '/Type /ObjStm', '/EF', '/XFA', '/Encrypt', 'trailer', '12 0 R'];
function mutate(b: Buffer): Buffer {
  let out = b;
  const k = 1 + ri(4);
  for (let m = 0; m < k; m++) {
    const at = ri(out.length + 1);
    const op = ri(3);
    if (op === 0) { out = Buffer.from(out); out[Math.min(at, out.length - 1)] = ri(256); }
    else if (op === 1) out = Buffer.concat([out.subarray(0, at), Buffer.from(TOKENS[ri(TOKENS.length)]!, 'latin1'), out.subarray(at)]);
    else out = Buffer.concat([out.subarray(0, at), out.subarray(Math.min(out.length, at + 1 + ri(20)))]);
  }
  return out;
}
let diffs = 0; let runs = 0; const ITER = Number(process.env.ITER ?? 3000);
const all = [...seeds, ...corpus];
for (const s of all) { for (const chunk of [1 << 20, 7, 4096]) { const a = await run(B, s, chunk), b = await run(N, s, chunk); runs++; if (a !== b) { diffs++; if (diffs < 5) console.log('SEED DIFF chunk', chunk, '\n base', a.slice(0, 400), '\n new ', b.slice(0, 400)); } } }
for (let i = 0; i < ITER; i++) {
  const src = all[ri(all.length)]!;
  const m = mutate(src.length > 200_000 ? src.subarray(0, 200_000) : src);
  const chunk = [1, 3, 17, 512, 65536, 1 << 20][ri(6)]!;
  const a = await run(B, m, chunk), b = await run(N, m, chunk); runs++;
  if (a !== b) { diffs++; if (diffs < 8) { console.log('DIFF iter', i, 'chunk', chunk, '\n base', a.slice(0, 500), '\n new ', b.slice(0, 500)); } }
}
console.log('runs', runs, 'diffs', diffs);
