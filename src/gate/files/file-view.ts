import { explainVerdict } from '../explain-verdict.js';
import { STORAGE_REASONS } from '../release/publish-decision.js';
import type { Finding } from '../verdict.js';
import type { FileRecord, FileStatus } from './file-status.js';

/** Text for a person, in English and Japanese. */
export interface Explanation {
  readonly en: { readonly reason: string; readonly nextStep: string };
  readonly ja: { readonly reason: string; readonly nextStep: string };
}

/** A file as the HTTP API shows it (docs/http-api.md, FileView). */
export interface FileView {
  readonly id: string;
  readonly threadId: string;
  readonly name: string;
  readonly size: number;
  readonly type: string | null;
  readonly sha256: string;
  readonly status: FileStatus;
  readonly createdAt: number;
  readonly publishedAt: number | null;
  readonly verdict: {
    readonly kind: string;
    readonly findings: readonly Finding[];
    readonly engines: readonly { engine: string; version: string }[];
    readonly scannedAt: number;
    readonly durationMs: number;
    readonly version: number;
  } | null;
  readonly explanation: Explanation | null;
  /**
   * Whether the caller uploaded this file. The page shows a file when it is `mine` or published,
   * the same rule as `fileAccess`, so a revoked file leaves the company's view live.
   */
  readonly mine: boolean;
  /**
   * The publish decision's own reason when the file was not released (uploader only; null
   * otherwise): the storage problem or the verdict that kept it back, in English for support.
   */
  readonly blockReason?: string | null;
}

/** What the uploader reads when storage, not the verdict, kept the file back. */
const STORAGE_EXPLANATIONS: Readonly<Record<string, Explanation>> = {
  [STORAGE_REASONS.sha256Mismatch]: {
    en: {
      reason: 'The stored file changed after it was scanned, so it was not released.',
      nextStep: 'Upload the file again.',
    },
    ja: {
      reason: 'スキャン後に保存されたファイルが変更されたため、公開されませんでした。',
      nextStep: 'もう一度ファイルをアップロードしてください。',
    },
  },
  [STORAGE_REASONS.objectMissing]: {
    en: {
      reason: 'The stored file is missing, so it was not released.',
      nextStep: 'Upload the file again.',
    },
    ja: {
      reason: '保存されたファイルが見つからないため、公開されませんでした。',
      nextStep: 'もう一度ファイルをアップロードしてください。',
    },
  },
};

/**
 * Shapes a file for one caller. The uploader gets the verdict and an explanation when the file
 * was not released, and `mine: true`; anyone else (the company) gets no findings, no explanation
 * and `mine: false`. Built per caller, also per live-event subscriber, never shared between them.
 */
export function toFileView(file: FileRecord, audience: 'uploader' | 'other'): FileView {
  const verdict = file.verdict;
  const forUploader = audience === 'uploader';
  return {
    id: file.id,
    threadId: file.threadId,
    name: file.name,
    size: file.size,
    type: verdict?.detectedType ?? null,
    sha256: file.sha256,
    status: file.status,
    createdAt: file.createdAt,
    publishedAt: file.publishedAt,
    verdict:
      verdict === null
        ? null
        : {
            kind: verdict.kind,
            findings: forUploader ? verdict.findings : [],
            engines: verdict.engines,
            scannedAt: verdict.scannedAt,
            durationMs: verdict.durationMs,
            version: file.verdictVersion,
          },
    explanation: forUploader ? explanationOf(file) : null,
    mine: forUploader,
    ...(forUploader && file.status !== 'published' && file.status !== 'scanning'
      ? { blockReason: file.blockReason }
      : {}),
  };
}

/** The decision's storage reason first (it overrides a clean verdict), then the verdict's own. */
function explanationOf(file: FileRecord): Explanation | null {
  if (file.status === 'published' || file.status === 'scanning' || file.verdict === null) return null;
  const storage = file.blockReason === null ? undefined : STORAGE_EXPLANATIONS[file.blockReason];
  return storage ?? explainVerdict(file.verdict) ?? null;
}
