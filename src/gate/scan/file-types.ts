/** Words for a file type, in English and Japanese, for people (the page, the API, refusal details). */
export interface TypeLabel {
  readonly en: string;
  readonly ja: string;
}

/** One type the built-in engine can detect: its MIME type, the extensions that claim it, its label. */
export interface FileType {
  readonly mime: string;
  readonly extensions: readonly string[];
  readonly label: TypeLabel;
  /** True for types accepted by the default policy. */
  readonly acceptedByDefault: boolean;
}

const OOXML = 'application/vnd.openxmlformats-officedocument';
const ODF = 'application/vnd.oasis.opendocument';
const SUN_XML = 'application/vnd.sun.xml';

const t = (
  mime: string,
  extensions: readonly string[],
  en: string,
  ja: string,
  acceptedByDefault = false,
): FileType => ({ mime, extensions, label: { en, ja }, acceptedByDefault });

/** Every type the built-in engine names, accepted by default or not. */
export const FILE_TYPES: readonly FileType[] = [
  t('application/pdf', ['pdf'], 'PDF document', 'PDF 文書', true),
  t(`${OOXML}.wordprocessingml.document`, ['docx'], 'Word document', 'Word 文書', true),
  t(`${OOXML}.spreadsheetml.sheet`, ['xlsx'], 'Excel workbook', 'Excel ブック', true),
  t(
    `${OOXML}.presentationml.presentation`,
    ['pptx'],
    'PowerPoint presentation',
    'PowerPoint プレゼンテーション',
    true,
  ),
  t('application/msword', ['doc'], 'Word 97-2003 document', 'Word 97-2003 文書', true),
  t('application/vnd.ms-excel', ['xls'], 'Excel 97-2003 workbook', 'Excel 97-2003 ブック', true),
  t(
    'application/vnd.ms-powerpoint',
    ['ppt', 'pps'],
    'PowerPoint 97-2003 presentation',
    'PowerPoint 97-2003 プレゼンテーション',
  ),
  t(`${ODF}.text`, ['odt'], 'OpenDocument text', 'OpenDocument テキスト', true),
  t(`${ODF}.spreadsheet`, ['ods'], 'OpenDocument spreadsheet', 'OpenDocument スプレッドシート', true),
  t(`${ODF}.presentation`, ['odp'], 'OpenDocument presentation', 'OpenDocument プレゼンテーション', true),
  t(`${ODF}.graphics`, ['odg'], 'OpenDocument drawing', 'OpenDocument 図形描画', true),
  t(`${ODF}.text-template`, ['ott'], 'OpenDocument text template', 'OpenDocument テキストテンプレート', true),
  t(
    `${ODF}.spreadsheet-template`,
    ['ots'],
    'OpenDocument spreadsheet template',
    'OpenDocument スプレッドシートテンプレート',
    true,
  ),
  t(
    `${ODF}.presentation-template`,
    ['otp'],
    'OpenDocument presentation template',
    'OpenDocument プレゼンテーションテンプレート',
    true,
  ),
  t(
    `${ODF}.graphics-template`,
    ['otg'],
    'OpenDocument drawing template',
    'OpenDocument 図形描画テンプレート',
    true,
  ),
  t(`${ODF}.formula`, ['odf'], 'OpenDocument formula', 'OpenDocument 数式'),
  t(`${ODF}.chart`, ['odc'], 'OpenDocument chart', 'OpenDocument グラフ'),
  t(`${ODF}.base`, ['odb'], 'OpenDocument database', 'OpenDocument データベース'),
  t(`${SUN_XML}.writer`, ['sxw'], 'OpenOffice.org 1.x text document', 'OpenOffice.org 1.x テキスト文書'),
  t(`${SUN_XML}.calc`, ['sxc'], 'OpenOffice.org 1.x spreadsheet', 'OpenOffice.org 1.x スプレッドシート'),
  t(
    `${SUN_XML}.impress`,
    ['sxi'],
    'OpenOffice.org 1.x presentation',
    'OpenOffice.org 1.x プレゼンテーション',
  ),
  t(`${SUN_XML}.draw`, ['sxd'], 'OpenOffice.org 1.x drawing', 'OpenOffice.org 1.x 図形描画'),
  t('text/plain', ['txt', 'text', 'md', 'log'], 'Text file', 'テキストファイル', true),
  t('text/csv', ['csv', 'tsv'], 'CSV table', 'CSV ファイル', true),
  t('image/png', ['png'], 'PNG image', 'PNG 画像', true),
  t('image/jpeg', ['jpg', 'jpeg', 'jpe', 'jfif'], 'JPEG image', 'JPEG 画像', true),
  t('image/gif', ['gif'], 'GIF image', 'GIF 画像', true),
  t('image/webp', ['webp'], 'WebP image', 'WebP 画像', true),
  t('application/zip', ['zip'], 'ZIP archive', 'ZIP 圧縮ファイル', true),
  t('application/gzip', ['gz', 'gzip', 'tgz'], 'gzip archive', 'gzip 圧縮ファイル', true),
  t('image/svg+xml', ['svg', 'svgz'], 'SVG image', 'SVG 画像'),
  t('text/html', ['html', 'htm', 'xhtml', 'mht', 'mhtml', 'shtml'], 'Web page', 'Web ページ'),
  t('application/xml', ['xml', 'xsl', 'xslt'], 'XML file', 'XML ファイル'),
  t('application/rtf', ['rtf'], 'Rich Text document', 'リッチテキスト文書'),
  t(
    'application/x-msdownload',
    ['exe', 'dll', 'scr', 'sys', 'com', 'cpl', 'ocx', 'efi'],
    'Windows program',
    'Windows のプログラム',
  ),
  t('application/x-elf', ['so'], 'Linux program', 'Linux のプログラム'),
  t('application/x-mach-binary', ['dylib', 'class'], 'macOS program', 'macOS のプログラム'),
  t('application/vnd.android.dex', ['dex'], 'Android program', 'Android のプログラム'),
  t('application/wasm', ['wasm'], 'WebAssembly program', 'WebAssembly のプログラム'),
  t(
    'application/vnd.ms-htmlhelp',
    ['chm'],
    'Windows help file (can run programs)',
    'Windows ヘルプファイル（プログラムを実行できます）',
  ),
  t('application/x-ms-shortcut', ['lnk'], 'Windows shortcut', 'Windows のショートカット'),
  t('text/x-shellscript', ['sh', 'bash', 'command'], 'Script', 'スクリプト'),
  t('text/x-script', ['bat', 'cmd', 'ps1', 'vbs', 'vbe', 'js', 'jse', 'wsf', 'hta'], 'Script', 'スクリプト'),
  t(
    'application/x-ole-storage',
    ['msi', 'msg', 'msp'],
    'Microsoft compound file (installer, mail …)',
    'Microsoft 複合ファイル（インストーラー・メールなど）',
  ),
  t(
    'application/x-opc-package',
    ['xps', 'oxps'],
    'Office package of another kind',
    'その他の Office パッケージ',
  ),
  t('application/vnd.rar', ['rar'], 'RAR archive', 'RAR 圧縮ファイル'),
  t('application/x-7z-compressed', ['7z'], '7-Zip archive', '7-Zip 圧縮ファイル'),
  t('application/x-tar', ['tar'], 'tar archive', 'tar アーカイブ'),
  t('application/x-bzip2', ['bz2'], 'bzip2 archive', 'bzip2 圧縮ファイル'),
  t('application/x-xz', ['xz'], 'xz archive', 'xz 圧縮ファイル'),
  t('application/zstd', ['zst'], 'Zstandard archive', 'Zstandard 圧縮ファイル'),
  t(
    'application/vnd.ms-cab-compressed',
    ['cab'],
    'Windows cabinet archive',
    'Windows キャビネット圧縮ファイル',
  ),
  t('application/x-empty', [], 'Empty file', '空のファイル'),
  t('application/octet-stream', [], 'Unrecognised data', '形式を判別できないデータ'),
];

const BY_MIME: ReadonlyMap<string, FileType> = new Map(FILE_TYPES.map((f) => [f.mime, f]));

/** The type detected as `mime`, or undefined for a type the engine does not name. */
export function fileType(mime: string): FileType | undefined {
  return BY_MIME.get(mime);
}

/**
 * A human-readable label for a detected type ("Windows program", not `application/x-msdownload`),
 * in English and Japanese, for the page and the API. Null (no type detected) and types the
 * built-in engine does not name (another engine's) get a generic label.
 */
export function typeLabel(mime: string | null): TypeLabel {
  return (
    (mime === null ? undefined : BY_MIME.get(mime))?.label ?? { en: 'Other file', ja: 'その他のファイル' }
  );
}

/** The extensions that open a program or a script when the file is double-clicked (Windows, macOS). */
export const RUNNABLE_EXTENSIONS: ReadonlySet<string> = new Set([
  ...FILE_TYPES.filter((f) => /msdownload|shellscript|x-script|shortcut|htmlhelp/.test(f.mime)).flatMap(
    (f) => f.extensions,
  ),
  'pif',
  'application',
  'appref-ms',
  'gadget',
  'inf',
  'ins',
  'isp',
  'jar',
  'msc',
  'msh',
  'msi',
  'msp',
  'mst',
  'psm1',
  'psd1',
  'py',
  'pyw',
  'reg',
  'scf',
  'sct',
  'shb',
  'shs',
  'url',
  'vb',
  'ws',
  'wsc',
  'wsh',
  'xbap',
  'settingcontent-ms',
  'app',
  'tool',
  'workflow',
  'jnlp',
  'hta',
  'library-ms',
  'search-ms',
  // Text that Excel opens as a spreadsheet with macros (SYLK) or as a query it runs (web, database).
  'slk',
  'iqy',
  'dqy',
  'rqy',
  'oqy',
]);
