import { assertNever } from '../shared/errors.js';
import type { Verdict } from './verdict.js';

/** A reason and what to do next, in words for the person who uploaded the file. */
export interface Explanation {
  readonly reason: string;
  readonly nextStep: string;
}

type Bilingual = { readonly en: Explanation; readonly ja: Explanation };

const say = (en: [string, string], ja: [string, string]): Bilingual => ({
  en: { reason: en[0], nextStep: en[1] },
  ja: { reason: ja[0], nextStep: ja[1] },
});

const INFECTED = say(
  [
    'This file contains malware.',
    'Do not open it on your computer. Scan your device, then upload a clean copy.',
  ],
  [
    'このファイルからマルウェアが検出されました。',
    'お使いの端末ではファイルを開かず、ウイルス対策ソフトで端末を確認してから、安全なファイルをアップロードしてください。',
  ],
);
const EICAR = say(
  [
    'This file is the EICAR anti-virus test file, which we treat as a virus.',
    'Upload the file you meant to send instead.',
  ],
  [
    'このファイルはウイルス対策ソフトの動作確認用ファイル（EICAR）のため、ウイルスとして扱いました。',
    '送りたいファイルをアップロードしてください。',
  ],
);
const MACROS = say(
  [
    'This file contains macros, which we do not accept.',
    'Save it as a .docx/.xlsx/.pptx without macros, or as a PDF, and upload it again.',
  ],
  [
    'このファイルにはマクロが含まれているため、受け付けられません。',
    'マクロを含まない形式（.docx・.xlsx・.pptx）か PDF で保存し直して、もう一度アップロードしてください。',
  ],
);
const PDF_ACTIVE = say(
  [
    'This PDF contains active content (scripts, actions or attached files), which we do not accept.',
    'Print it to a new PDF (for example "Save as PDF"), or export it without attachments, and upload it again.',
  ],
  [
    'この PDF にはスクリプトや自動実行の動作、添付ファイルなどが含まれているため、受け付けられません。',
    '「PDF として保存（印刷）」などで新しい PDF を作り直し、添付ファイルを含めずにもう一度アップロードしてください。',
  ],
);
const ENCRYPTED = say(
  ['This file is password-protected, so we cannot check it.', 'Remove the password, then upload it again.'],
  [
    'このファイルはパスワードで保護されているため、安全確認ができません。',
    'パスワードを解除してから、もう一度アップロードしてください。',
  ],
);
const ARCHIVE_LIMITS = say(
  [
    'This archive is too large or too deeply nested to check safely.',
    'Upload the files inside it one by one, or in a simpler ZIP file.',
  ],
  [
    'この圧縮ファイルは展開後のサイズや階層が大きすぎるため、安全確認ができません。',
    '中のファイルを個別に、または階層の浅い ZIP ファイルにまとめ直してアップロードしてください。',
  ],
);
const UNSAFE_ARCHIVE = say(
  [
    'This archive contains entries that could harm the computer that unpacks it (hidden names, links or paths outside its folder).',
    'Put the files in a new ZIP with ordinary names, or upload them one by one.',
  ],
  [
    'この圧縮ファイルには、展開するパソコンに害を及ぼすおそれのある項目（偽装された名前、リンク、フォルダ外へのパス）が含まれています。',
    '通常の名前のファイルだけで ZIP を作り直すか、ファイルを個別にアップロードしてください。',
  ],
);
const DAMAGED = say(
  ['This file is damaged, so we cannot check it.', 'Save or export it again, then upload the new copy.'],
  [
    'このファイルは破損しているため、安全確認ができません。',
    'ファイルを保存し直すか書き出し直してから、もう一度アップロードしてください。',
  ],
);
const PROGRAM = say(
  [
    'This file is a program or a script, which we do not accept.',
    'Send documents as PDF, Word, Excel, PowerPoint, text or images instead.',
  ],
  [
    'このファイルはプログラムまたはスクリプトのため、受け付けられません。',
    'PDF、Word、Excel、PowerPoint、テキスト、画像などの書類として送ってください。',
  ],
);
const TYPE = say(
  [
    'We do not accept this type of file.',
    'Upload it as PDF, Word, Excel, PowerPoint (without macros), text, CSV, PNG, JPEG, GIF, WebP, or a ZIP of those.',
  ],
  [
    'この種類のファイルは受け付けていません。',
    'PDF、Word、Excel、PowerPoint（マクロなし）、テキスト、CSV、PNG、JPEG、GIF、WebP、またはそれらをまとめた ZIP 形式でアップロードしてください。',
  ],
);
const MISMATCH = say(
  [
    'The file name does not match what the file really is (for example, a ".pdf" that is not a PDF).',
    'Check that you picked the right file, save it in the format its name says, and upload it again.',
  ],
  [
    'ファイル名の拡張子と中身の形式が一致しません（例：拡張子が .pdf なのに中身が PDF ではない）。',
    '正しいファイルを選んだか確認し、名前どおりの形式で保存し直してからアップロードしてください。',
  ],
);
const MARKUP = say(
  [
    'This file contains scripts (an HTML page or SVG image), which we do not accept.',
    'Save the content as a PDF or a PNG image and upload it again.',
  ],
  [
    'このファイル（HTML や SVG）にはスクリプトが含まれているため、受け付けられません。',
    '内容を PDF または PNG 画像として保存し、もう一度アップロードしてください。',
  ],
);
const TOO_LARGE = say(
  [
    'This file is too large for our virus scanner.',
    'Make the file smaller (for example, compress its images or split it) and upload it again.',
  ],
  [
    'このファイルはウイルス検査できるサイズを超えています。',
    '画像を圧縮する、分割するなどしてファイルを小さくし、もう一度アップロードしてください。',
  ],
);
const CSV_FORMULA = say(
  [
    'This spreadsheet contains a formula that would start a program, which we do not accept.',
    'Remove formulas that start with "=cmd" or "DDE", or save the cells as plain values, and upload it again.',
  ],
  [
    'この表には外部のプログラムを起動する数式が含まれているため、受け付けられません。',
    '該当する数式を削除するか値として保存し直して、もう一度アップロードしてください。',
  ],
);
const CSV_NETWORK = say(
  [
    'This spreadsheet contains a formula that contacts another computer (such as WEBSERVICE or HYPERLINK), which we do not accept.',
    'Remove those formulas, or save the cells as plain values, and upload it again.',
  ],
  [
    'この表には外部のコンピューターに接続する数式（WEBSERVICE や HYPERLINK など）が含まれているため、受け付けられません。',
    '該当する数式を削除するか値として保存し直して、もう一度アップロードしてください。',
  ],
);
const EMPTY = say(
  ['This file is empty.', 'Check that you picked the right file, then upload it again.'],
  [
    'このファイルは空です（中身がありません）。',
    '正しいファイルを選んだか確認してから、もう一度アップロードしてください。',
  ],
);
const ERROR = say(
  [
    'We could not finish checking this file, so it has not been shared.',
    'Please try uploading it again in a few minutes.',
  ],
  [
    'このファイルの安全確認を完了できなかったため、共有していません。',
    '数分おいてから、もう一度アップロードしてください。',
  ],
);
const REJECTED = say(
  ['This file did not pass our safety check.', 'Save it as a PDF and upload it again.'],
  [
    'このファイルは安全確認を通過しませんでした。',
    'PDF 形式で保存し直して、もう一度アップロードしてください。',
  ],
);

/** Explanations by rule id, in priority order: the first rule a verdict has decides what the uploader reads. */
const BY_RULE: readonly [RegExp, Bilingual][] = [
  [/^eicar$|Eicar/i, EICAR],
  [/^sha256-denylist$/, INFECTED],
  [/^(executable|script|runnable-name|text-encoded-program)$/, PROGRAM],
  [/^office-(macros|damaged-macros|activex|external-content|embedded-package)$/, MACROS],
  [
    /^pdf-(damaged-)?(javascript|launch|embedded-file|richmedia|auto-action|xfa|import-data|submit-form|remote-file)$/,
    PDF_ACTIVE,
  ],
  [/^(html|svg)-script$/, MARKUP],
  [/^csv-formula-injection$/, CSV_FORMULA],
  [/^csv-formula-network$/, CSV_NETWORK],
  [/^(pdf|office|zip)-encrypted$/, ENCRYPTED],
  [
    /^(zip-bomb-.*|gzip-bomb-.*|zip-too-many-entries|zip-overlapping-entries|archive-too-deep)$/,
    ARCHIVE_LIMITS,
  ],
  [/^zip-(path-traversal|disguised-name|symlink|inconsistent|duplicate-name)$/, UNSAFE_ARCHIVE],
  [/^(clamd-size-limit|clamd-limits-exceeded)$/, TOO_LARGE],
  [
    /^(zip-corrupt|zip-size-mismatch|zip-unsupported-method|gzip-corrupt|office-corrupt|pdf-unscannable)$/,
    DAMAGED,
  ],
  [/^name-mismatch$/, MISMATCH],
  [/^empty-file$/, EMPTY],
  [/^(type-not-allowed|text-binary-content)$/, TYPE],
];

/**
 * Plain words for the uploader about a verdict that is not clean, in English and Japanese:
 * why the file was not shared and what to do next. The rule of the most telling finding
 * decides; an unknown rule falls back to a message for the verdict's kind. Null for clean.
 */
export function explainVerdict(verdict: Verdict): Bilingual | null {
  switch (verdict.kind) {
    case 'clean':
      return null;
    case 'error':
      return ERROR;
    case 'infected': {
      const eicar = verdict.findings.some((f) => /^eicar$|Eicar/i.test(f.rule));
      return eicar ? EICAR : INFECTED;
    }
    case 'rejected': {
      for (const [pattern, text] of BY_RULE)
        if (verdict.findings.some((f) => pattern.test(f.rule))) return text;
      return REJECTED;
    }
    default:
      return assertNever(verdict.kind, 'verdict kind');
  }
}
