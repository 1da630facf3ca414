import type { DetectedType } from './detect-type.js';
import { type Hit, reject } from './types.js';

const HTML =
  /<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<script[\s>]|<iframe[\s>]|<meta\s+http-equiv/i;
const SVG = /<svg[\s>]/i;
const XML = /^\s*<\?xml\s/i;
// Markup that runs code: script elements, inline event handlers, javascript: URLs, foreign HTML in SVG.
const MARKUP_SCRIPT =
  /<script[\s>]|\son[a-z]+\s*=|javascript\s*:|<foreignObject[\s>]|<iframe[\s>]|<embed[\s>]|<object[\s>]/i;

/**
 * Script content by what it does rather than how it looks: running commands, downloading,
 * creating COM objects, evaluating strings. A name like `.bat` or `.js` is refused separately
 * (name versus content), so these patterns catch scripts disguised as `.txt`.
 */
const SCRIPTS: readonly { re: RegExp; what: string }[] = [
  { re: /^\s*@?echo\s+off\b/im, what: 'a Windows batch script' },
  {
    re: /\b(cmd(\.exe)?\s+\/[ck]|powershell(\.exe)?\s+-|mshta(\.exe)?\s|rundll32(\.exe)?\s|regsvr32(\.exe)?\s|certutil(\.exe)?\s+-)/i,
    what: 'a command line that starts a program',
  },
  {
    re: /\b(Invoke-Expression|IEX\s*\(|Invoke-WebRequest|Net\.WebClient|DownloadString|DownloadFile|FromBase64String|Set-ExecutionPolicy|Start-Process)\b/i,
    what: 'a PowerShell script',
  },
  {
    re: /\b(WScript\.\w+|CreateObject\s*\(|GetObject\s*\(|ActiveXObject|Shell\.Application)/i,
    what: 'a VBScript or JScript script',
  },
  {
    re: /\beval\s*\(|new\s+Function\s*\(|child_process|String\.fromCharCode\s*\(|document\.write\s*\(|\batob\s*\(/,
    what: 'a JavaScript program',
  },
];

// Cells starting with = + - @ that call a program (DDE), the "CSV injection" that spreadsheets run:
// a known program as the DDE server, any server in `server|'topic'!item` form, or DDE(); anywhere in
// the formula, not only first (`=SUM(0,cmd|' /C calc'!A0)`).
const CSV_DDE =
  /(^|[,;\t"])\s*[=+\-@][^\n]*?(\b(cmd|powershell|mshta|msexcel|rundll32|regsvr32|msiexec|cscript|wscript)(\.exe)?\s*\||[\w.]+\s*\|\s*'[^'\n]*'\s*!|\bDDE(AUTO)?\s*\()/im;
// The `|'topic'` of a DDE reference to any program, which the keywords above do not name (msiexec,
// cscript, …): a search of its own, since one more alternative there doubled that search's cost,
// and only where a native search finds a `|` at all.
const DDE_TOPIC = /\|\s*'/;
// Excel 4.0 functions that call into a DLL or run a command, as the first thing in a cell.
const CSV_CALL = /(^|[,;\t"])\s*[=+\-@]\s*(CALL|REGISTER|EXEC)\s*\(/im;
// Formulas that reach the network when the sheet opens or a cell is clicked: they can send the
// sheet's data (or the user's credentials, through a UNC path) to another computer.
const CSV_NETWORK =
  /(^|[,;\t"])\s*[=+\-@][^\n]*?\b(WEBSERVICE|HYPERLINK|IMPORTXML|IMPORTDATA|IMPORTHTML|IMPORTFEED|IMPORTRANGE|FILTERXML|RTD)\s*\(/im;
// The words those formulas need; one pass for them spares the longer expressions.
const FORMULA_WORDS =
  /webservice|hyperlink|import(xml|data|html|feed|range)|filterxml|(rtd|call|register|exec)\s*\(/i;

// Programs carried as text: uuencode and BinHex blocks, and a Windows or Linux program in base64
// (its first bytes "MZ" or "\x7fELF" encode to TVq…/TVo…/TVp… and f0VMR…), at the start of a line
// or after a delimiter, where an encoded file begins.
const ENCODED: readonly { re: RegExp; what: string }[] = [
  { re: /^begin(-base64)? [0-7]{3,4} \S/m, what: 'a uuencoded file' },
  { re: /\(This file must be converted with BinHex/, what: 'a BinHex file' },
  {
    re: /(^|[\s"'=:,;>])(TV[opq][A-Za-z0-9+/]AA[A-Za-z0-9+/]{10,}|f0VMR[gk][A-Za-z0-9+/]{10,})/m,
    what: 'a program encoded in base64',
  },
];
// One case-sensitive pass that every pattern above needs to match.
const ENCODED_ANY =
  /begin(-base64)? [0-7]|\(This file must be converted with BinHex|TV[opq][A-Za-z0-9+/]AA|f0VMR[gk]/;

/** A comma, tab or semicolon table: the same number (at least one) of separators on each of the first lines. */
function looksLikeCsv(text: string): boolean {
  const lines = text
    .split(/\r?\n/)
    .slice(0, 20)
    .filter((l) => l.length > 0);
  if (lines.length < 2) return false;
  // The last line may be cut by the end of the head; it counts only when there are few lines.
  const compared = lines.length > 2 ? lines.slice(0, -1) : lines;
  return [',', '\t', ';'].some((sep) => {
    const counts = compared.map((l) => l.split(sep).length - 1);
    return (counts[0] ?? 0) > 0 && counts.every((c) => c === counts[0]);
  });
}

// Every pattern above needs one of these words; one case-insensitive pass for them first spares
// running each expression over text that cannot match (most text, several times faster).
const KEYWORDS =
  /echo\s+off|cmd(\.exe)?\s+\/|cmd(\.exe)?\s*\||powershell|mshta|rundll32|regsvr32|certutil|invoke-|iex\s*\(|webclient|download(string|file)|frombase64|executionpolicy|start-process|wscript\.|createobject|getobject|activexobject|shell\.application|eval\s*\(|function\s*\(|child_process|fromcharcode|document\.write|atob\s*\(|dde(auto)?\s*\(|msexcel/i;

/**
 * A script, a formula that starts a program or reaches the network, or a program carried as
 * text, in `text`; or null. `cells` is false for markup (XML, HTML, SVG), where a leading `=` is an
 * attribute, not a spreadsheet cell.
 */
export function findScriptHit(text: string, cells = true): Hit | null {
  const keywords = KEYWORDS.test(text);
  if (keywords) {
    const script = SCRIPTS.find((s) => s.re.test(text));
    if (script !== undefined) return reject('script', `The text is ${script.what}.`);
  }
  if ((keywords || (text.includes('|') && DDE_TOPIC.test(text))) && CSV_DDE.test(text))
    return reject('csv-formula-injection', 'A cell holds a formula that starts a program (DDE).');
  if (cells && FORMULA_WORDS.test(text)) {
    if (CSV_CALL.test(text))
      return reject(
        'csv-formula-injection',
        'A cell holds a formula that calls into a program (CALL, REGISTER, EXEC).',
      );
    const network = CSV_NETWORK.exec(text);
    if (network !== null)
      return reject(
        'csv-formula-network',
        `A cell holds a formula that reaches another computer (${network[2]?.toUpperCase()}).`,
      );
  }
  return ENCODED_ANY.test(text) ? encodedHit(text) : null;
}

function encodedHit(text: string): Hit | null {
  const encoded = ENCODED.find((e) => e.re.test(text));
  return encoded === undefined ? null : reject('text-encoded-program', `The text carries ${encoded.what}.`);
}

const SYLK = /^\uFEFF?ID;/;
const SVG_MIME = 'image/svg+xml';
const HTML_MIME = 'text/html';

/**
 * A script, an event handler or foreign content in `text` of an SVG image or an HTML page (by
 * `mime`), or null; null for any other type. Run on the head and then on every window of the rest,
 * since a policy that accepts SVG or HTML must not let a script sit past the first 64 KB.
 */
export function findMarkupScriptHit(text: string, mime: string): Hit | null {
  if ((mime !== SVG_MIME && mime !== HTML_MIME) || !MARKUP_SCRIPT.test(text)) return null;
  return mime === SVG_MIME
    ? reject('svg-script', 'The SVG image contains a script or an event handler.')
    : reject('html-script', 'The HTML page contains a script or an event handler.');
}

/**
 * Classifies decoded text (plain, CSV, HTML, SVG, XML) and refuses markup with scripts, scripts,
 * formulas that start programs or reach the network, and programs carried as text. Whether
 * markup without scripts is accepted is the policy's choice.
 */
export function inspectText(text: string): { type: DetectedType; hits: Hit[] } {
  // Excel opens a file that starts with "ID;" as a SYLK spreadsheet whatever its name (cv.csv),
  // and SYLK carries Excel 4.0 macros (EEXEC, Auto_open).
  if (SYLK.test(text))
    return {
      type: { family: 'text', mime: 'text/plain' },
      hits: [
        reject(
          'type-not-allowed',
          'The file is a SYLK spreadsheet (it starts with "ID;"), which Excel opens as one whatever its name and which can carry macros.',
        ),
      ],
    };
  const markup = SVG.test(text) ? SVG_MIME : HTML.test(text) ? HTML_MIME : null;
  if (markup !== null) {
    const hit = findMarkupScriptHit(text, markup);
    return { type: { family: 'text', mime: markup }, hits: hit === null ? [] : [hit] };
  }
  if (XML.test(text)) return { type: { family: 'text', mime: 'application/xml' }, hits: [] };
  const script = SCRIPTS.find((s) => s.re.test(text));
  if (script !== undefined)
    return {
      type: { family: 'script', mime: 'text/x-script' },
      hits: [reject('script', `The text is ${script.what}.`)],
    };
  const csv = looksLikeCsv(text);
  const type: DetectedType = { family: 'text', mime: csv ? 'text/csv' : 'text/plain' };
  const hit = findScriptHit(text);
  return { type, hits: hit === null ? [] : [hit] };
}
