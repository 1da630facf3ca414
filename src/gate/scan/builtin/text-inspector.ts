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

// Cells starting with = + - @ that call a program (DDE), the "CSV injection" that spreadsheets run.
const CSV_DDE =
  /(^|[,;\t"])\s*[=+\-@][^,;\t\n]*(\b(cmd|powershell|mshta|msexcel|rundll32)\s*\||\bDDE(AUTO)?\s*\()/im;

/** A comma, tab or semicolon table: the same number (at least one) of separators on each of the first lines. */
function looksLikeCsv(text: string): boolean {
  const lines = text
    .split(/\r?\n/)
    .slice(0, 20)
    .filter((l) => l.length > 0);
  if (lines.length < 2) return false;
  return [',', '\t', ';'].some((sep) => {
    const counts = lines.slice(0, -1).map((l) => l.split(sep).length - 1);
    return (counts[0] ?? 0) > 0 && counts.every((c) => c === counts[0]);
  });
}

// Every pattern above needs one of these words; one case-insensitive pass for them first spares
// running each expression over text that cannot match (most text, several times faster).
const KEYWORDS =
  /echo\s+off|cmd(\.exe)?\s+\/|cmd\s*\||powershell|mshta|rundll32|regsvr32|certutil|invoke-|iex\s*\(|webclient|download(string|file)|frombase64|executionpolicy|start-process|wscript\.|createobject|getobject|activexobject|shell\.application|eval\s*\(|function\s*\(|child_process|fromcharcode|document\.write|atob\s*\(|dde(auto)?\s*\(|msexcel/i;

/** A script or a program-starting CSV formula in `text`, or null. */
export function findScriptHit(text: string): Hit | null {
  if (!KEYWORDS.test(text)) return null;
  const script = SCRIPTS.find((s) => s.re.test(text));
  if (script !== undefined) return reject('script', `The text is ${script.what}.`);
  if (CSV_DDE.test(text))
    return reject('csv-formula-injection', 'A cell holds a formula that starts a program (DDE).');
  return null;
}

/** Classifies decoded text (plain, CSV, HTML, SVG, XML) and refuses markup and scripts. */
export function inspectText(text: string): { type: DetectedType; hits: Hit[] } {
  if (SVG.test(text)) {
    const type: DetectedType = { family: 'text', mime: 'image/svg+xml' };
    return MARKUP_SCRIPT.test(text)
      ? { type, hits: [reject('svg-script', 'The SVG image contains a script or an event handler.')] }
      : { type, hits: [reject('type-not-allowed', 'SVG images are not accepted.')] };
  }
  if (HTML.test(text)) {
    const type: DetectedType = { family: 'text', mime: 'text/html' };
    return MARKUP_SCRIPT.test(text)
      ? { type, hits: [reject('html-script', 'The HTML page contains a script or an event handler.')] }
      : { type, hits: [reject('type-not-allowed', 'HTML pages are not accepted.')] };
  }
  if (XML.test(text))
    return {
      type: { family: 'text', mime: 'application/xml' },
      hits: [reject('type-not-allowed', 'XML files are not accepted.')],
    };
  const script = SCRIPTS.find((s) => s.re.test(text));
  if (script !== undefined)
    return {
      type: { family: 'script', mime: 'text/x-script' },
      hits: [reject('script', `The text is ${script.what}.`)],
    };
  const csv = looksLikeCsv(text);
  const type: DetectedType = { family: 'text', mime: csv ? 'text/csv' : 'text/plain' };
  if (CSV_DDE.test(text))
    return {
      type,
      hits: [reject('csv-formula-injection', 'A cell holds a formula that starts a program (DDE).')],
    };
  return { type, hits: [] };
}
