import type { Lang } from '../i18n/messages.js';

/**
 * A file type in words a job seeker or recruiter knows, and a short label for the card's icon.
 * This table is the page's own for now; when the scanner exports its mapping of detected types to
 * names, this module is the one place to swap it in.
 */
export interface TypeDescription {
  /** `PDF`, `Windows program`, `Word 文書`. */
  readonly label: string;
  /** At most 4 characters for the icon: `PDF`, `EXE`, `DOC`. */
  readonly short: string;
}

type Entry = readonly [short: string, en: string, ja: string];

const WINDOWS_PROGRAM: Entry = ['EXE', 'Windows program', 'Windows のプログラム'];
const WORD: Entry = ['DOC', 'Word document', 'Word 文書'];
const EXCEL: Entry = ['XLS', 'Excel workbook', 'Excel ブック'];
const POWERPOINT: Entry = ['PPT', 'PowerPoint presentation', 'PowerPoint プレゼンテーション'];
const ARCHIVE = (short: string, name: string): Entry => [short, `${name} archive`, `${name} 圧縮ファイル`];
const IMAGE = (name: string): Entry => [name.slice(0, 4), `${name} image`, `${name} 画像`];
const OOXML = 'application/vnd.openxmlformats-officedocument';

const KNOWN: Readonly<Record<string, Entry>> = {
  'application/pdf': ['PDF', 'PDF', 'PDF'],
  [`${OOXML}.wordprocessingml.document`]: WORD,
  'application/msword': WORD,
  'application/rtf': ['RTF', 'Rich Text document', 'リッチテキスト文書'],
  [`${OOXML}.spreadsheetml.sheet`]: EXCEL,
  'application/vnd.ms-excel': EXCEL,
  [`${OOXML}.presentationml.presentation`]: POWERPOINT,
  'application/vnd.ms-powerpoint': POWERPOINT,
  'application/x-opc-package': ['OPC', 'Office package', 'Office パッケージ'],
  'text/plain': ['TXT', 'Text', 'テキスト'],
  'text/csv': ['CSV', 'CSV spreadsheet', 'CSV 表'],
  'text/html': ['HTML', 'Web page (HTML)', 'Web ページ（HTML）'],
  'application/xml': ['XML', 'XML document', 'XML 文書'],
  'image/png': IMAGE('PNG'),
  'image/jpeg': IMAGE('JPEG'),
  'image/gif': IMAGE('GIF'),
  'image/webp': IMAGE('WebP'),
  'image/svg+xml': IMAGE('SVG'),
  'application/zip': ARCHIVE('ZIP', 'ZIP'),
  'application/gzip': ARCHIVE('GZ', 'gzip'),
  'application/x-tar': ARCHIVE('TAR', 'tar'),
  'application/x-bzip2': ARCHIVE('BZ2', 'bzip2'),
  'application/x-xz': ARCHIVE('XZ', 'xz'),
  'application/zstd': ARCHIVE('ZST', 'Zstandard'),
  'application/x-7z-compressed': ARCHIVE('7Z', '7-Zip'),
  'application/vnd.rar': ARCHIVE('RAR', 'RAR'),
  'application/vnd.ms-cab-compressed': ARCHIVE('CAB', 'Windows cabinet'),
  'application/x-msdownload': WINDOWS_PROGRAM,
  'application/x-dosexec': WINDOWS_PROGRAM,
  'application/x-ms-shortcut': ['LNK', 'Windows shortcut', 'Windows のショートカット'],
  'application/vnd.ms-htmlhelp': ['CHM', 'Windows help file', 'Windows ヘルプファイル'],
  'application/x-ole-storage': ['OLE', 'Old Office or Windows file', '旧形式の Office/Windows ファイル'],
  'application/x-elf': ['ELF', 'Linux program', 'Linux のプログラム'],
  'application/x-mach-binary': ['APP', 'macOS program', 'macOS のプログラム'],
  'application/vnd.android.dex': ['DEX', 'Android program', 'Android のプログラム'],
  'application/wasm': ['WASM', 'WebAssembly program', 'WebAssembly のプログラム'],
  'text/x-shellscript': ['SH', 'Shell script', 'シェルスクリプト'],
  'text/x-script': ['JS', 'Script', 'スクリプト'],
  'application/x-empty': ['0 B', 'Empty file', '空のファイル'],
  'application/octet-stream': ['?', 'Unknown format', '不明な形式'],
};

/** Describes a detected content type; before the scan (null) the file name's extension stands in. */
export function describeType(type: string | null | undefined, name: string, lang: Lang): TypeDescription {
  const known = type ? KNOWN[type] : undefined;
  if (known !== undefined) return { short: known[0], label: lang === 'ja' ? known[2] : known[1] };
  const dot = name.lastIndexOf('.');
  const extension =
    dot > 0
      ? name
          .slice(dot + 1)
          .toUpperCase()
          .slice(0, 4)
      : '';
  if (type)
    // A type this table does not know yet: say so, keeping the exact type for whoever asks support.
    return {
      short: extension || '?',
      label: lang === 'ja' ? `その他の形式（${type}）` : `Other format (${type})`,
    };
  if (extension === '') return { short: '?', label: '—' };
  return { short: extension, label: lang === 'ja' ? `${extension} ファイル` : `${extension} file` };
}
