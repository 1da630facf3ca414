import { isDict, isName, isRef, isString, type PdfDict, type PdfValue } from './pdf-parser.js';

/** A kind of active content, with the rule it breaks and how to say it. */
export interface PdfFinding {
  readonly rule: string;
  readonly what: string;
}

const JAVASCRIPT: PdfFinding = { rule: 'pdf-javascript', what: 'JavaScript' };
const RICHMEDIA: PdfFinding = {
  rule: 'pdf-richmedia',
  what: 'rich media (Flash or 3D content that can run code)',
};

/**
 * Actions that run code or reach outside the document when triggered (ISO 32000-1 §12.6.4).
 * Navigation and display actions (GoTo, GoToE, URI, Named, SetOCGState, Hide, Thread, Sound,
 * Movie, Rendition, Trans, ResetForm, GoTo3DView) are accepted: they stay inside the reader.
 */
export const ACTIONS: Readonly<Record<string, PdfFinding>> = {
  JavaScript: { rule: 'pdf-javascript', what: 'a JavaScript action' },
  Launch: { rule: 'pdf-launch', what: 'a Launch action (runs a program or opens a file)' },
  ImportData: { rule: 'pdf-import-data', what: 'an ImportData action (reads data from another file)' },
  SubmitForm: { rule: 'pdf-submit-form', what: 'a SubmitForm action (sends form data to an address)' },
  RichMediaExecute: RICHMEDIA,
};

/**
 * Text of a PDF string: UTF-16BE with its BOM, UTF-8 with its BOM (PDF 2.0), UTF-16LE with its BOM
 * (not in the standard, but readers decode it), or PDFDocEncoding (close to latin1 for paths).
 */
export function pdfText(value: PdfValue | undefined): string | null {
  if (!isString(value)) return null;
  const s = value.s;
  if (s.startsWith('\xfe\xff')) {
    let out = '';
    for (let i = 2; i + 1 < s.length; i += 2)
      out += String.fromCharCode((s.charCodeAt(i) << 8) | s.charCodeAt(i + 1));
    return out;
  }
  if (s.startsWith('\xff\xfe')) return Buffer.from(s.slice(2), 'latin1').toString('utf16le');
  if (s.startsWith('\xef\xbb\xbf')) return Buffer.from(s.slice(3), 'latin1').toString('utf8');
  return s;
}

const FILE_NAME_KEYS = ['UF', 'F', 'DOS', 'Unix', 'Mac'];

/** The file names a file specification (a string or a dictionary, §7.11) gives, best first. */
export function fileSpecNames(spec: PdfValue | undefined): string[] {
  if (isString(spec)) return [pdfText(spec) ?? ''];
  if (!isDict(spec)) return [];
  return FILE_NAME_KEYS.map((k) => pdfText(spec.get(k))).filter(
    (n): n is string => n !== null && n.length > 0,
  );
}

/**
 * Whether a file specification reaches another machine: a URL file system, a URL, or a UNC path
 * (`\\host\share`, `//host/share`). On Windows a reader that opens it sends the user's
 * credentials to that host (NTLM), before any warning. A file name given by reference is not
 * followed, and counts as reaching out: readers resolve it to whatever it names.
 */
export function isNetworkFileSpec(spec: PdfValue | undefined): boolean {
  if (isDict(spec) && isName(spec.get('FS'), 'URL')) return true;
  if (isDict(spec) && FILE_NAME_KEYS.some((k) => isRef(spec.get(k)))) return true;
  return fileSpecNames(spec).some((name) => {
    const n = name.trim();
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(n) || /^(smb|cifs|afp|ftp|https?|file|webdav):/i.test(n)) return true;
    if (/^[\\/]{2}/.test(n)) return true;
    // `/server/share/file` is a UNC path on Windows; `/C/…` is a drive letter.
    return /^\/[^/]{2,}\//.test(n);
  });
}

/**
 * Actions whose `/F` names a file to open: another PDF (GoToR), the PDF that holds an embedded
 * one (GoToE), the file of an article thread (Thread). Each may name one on another computer.
 */
export const REMOTE_TARGETS: ReadonlySet<string> = new Set(['GoToR', 'GoToE', 'Thread']);

/** What a dictionary does, judged from its keys and values only. GoToR targets may be references, returned for later. */
export function judgeDict(dict: PdfDict): { findings: PdfFinding[]; remoteTarget?: number } {
  const findings: PdfFinding[] = [];
  const type = dict.get('S');
  if (isName(type)) {
    const action = ACTIONS[type.n];
    if (action !== undefined) findings.push(action);
    if (REMOTE_TARGETS.has(type.n)) {
      const target = dict.get('F');
      if (isRef(target)) return { findings, remoteTarget: target.r };
      if (isNetworkFileSpec(target))
        findings.push({ rule: 'pdf-remote-file', what: 'a link that opens a file on another computer' });
    }
  }
  if (dict.has('JS') || dict.has('JavaScript')) if (!findings.includes(JAVASCRIPT)) findings.push(JAVASCRIPT);
  if (isName(dict.get('Subtype'), 'RichMedia')) findings.push(RICHMEDIA);
  return { findings };
}
