import type { S3ObjectStore } from '../../adapters/s3/s3-object-store.js';
import type { Scanner, VerdictStore } from '../../gate/ports.js';
import { scanFile } from '../../gate/scan/scan-file.js';
import type { EngineResult, VerdictKind } from '../../gate/verdict.js';
import type { Clock } from '../../shared/clock.js';
import { InvalidInputError } from '../../shared/errors.js';

/** Metadata the web app stores with a quarantined object so that the scan can write its verdict. */
export const OBJECT_METADATA = Object.freeze({
  threadId: 'thread-id',
  uploadedAt: 'uploaded-at',
  /** URI-encoded: S3 metadata is ASCII, names are not. */
  displayName: 'display-name',
});

export interface ScanObjectDeps {
  readonly objects: S3ObjectStore;
  readonly verdicts: VerdictStore;
  readonly engines: readonly Scanner[];
  readonly clock: Clock;
  /** Per engine, in ms. */
  readonly timeoutMs: number;
}

/** What one scan wrote. */
export interface ScanObjectOutcome {
  readonly fileId: string;
  readonly version: number;
  readonly kind: VerdictKind;
}

const ATTEMPTS = 3;

/**
 * The scan job on AWS: reads the quarantined object's metadata, spools its bytes, runs the engines
 * (plus an engine result that arrived with the message, e.g. GuardDuty's), and writes the next
 * verdict version. When another scan of the same file wrote that version first, it reads again and
 * writes the one after, so two concurrent scans never lose a verdict. The spooled copy is deleted
 * whatever happens. Throws (so the message is retried, then dead-lettered) when the object is gone
 * or lacks the metadata the web app must store with it.
 */
export async function scanObject(
  deps: ScanObjectDeps,
  fileId: string,
  extra?: { result: EngineResult; eTag: string | null },
): Promise<ScanObjectOutcome> {
  const head = await deps.objects.head(fileId);
  if (head === null)
    throw new InvalidInputError('OBJECT_NOT_FOUND', `No quarantined object for file ${fileId}.`);
  const threadId = head.metadata[OBJECT_METADATA.threadId];
  const uploadedAt = Number(head.metadata[OBJECT_METADATA.uploadedAt]);
  if (threadId === undefined || !Number.isFinite(uploadedAt))
    throw new InvalidInputError(
      'OBJECT_METADATA_MISSING',
      `The object of file ${fileId} lacks x-amz-meta-${OBJECT_METADATA.threadId} or x-amz-meta-${OBJECT_METADATA.uploadedAt}; the web app must store both with the upload.`,
    );
  const displayName = decodeURIComponent(head.metadata[OBJECT_METADATA.displayName] ?? fileId);
  const engines = [...deps.engines];
  if (extra !== undefined) engines.push(fixedResult(sameBytes(extra, head.eTag)));
  const subject = await deps.objects.subject(fileId, displayName);
  let verdict: Awaited<ReturnType<typeof scanFile>>;
  try {
    verdict = await scanFile(subject, engines, { timeoutMs: deps.timeoutMs, clock: deps.clock });
  } finally {
    await subject.dispose();
  }
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const current = await deps.verdicts.get(fileId);
    const version = (current?.version ?? 0) + 1;
    const { written } = await deps.verdicts.put({
      fileId,
      threadId,
      version,
      verdict,
      uploadedAt,
      writtenAt: deps.clock.now(),
    });
    if (written) return { fileId, version, kind: verdict.kind };
  }
  throw new Error(
    `Could not write a verdict for ${fileId}: ${ATTEMPTS} newer versions were written meanwhile.`,
  );
}

/** An engine result computed elsewhere (GuardDuty) counts only for the bytes it was computed on. */
function sameBytes(extra: { result: EngineResult; eTag: string | null }, eTag: string | null): EngineResult {
  const strip = (t: string | null) => t?.replace(/"/g, '') ?? null;
  if (extra.eTag === null || strip(extra.eTag) === strip(eTag)) return extra.result;
  return {
    ...extra.result,
    kind: 'error',
    findings: [
      {
        engine: extra.result.engine,
        rule: 'object-changed',
        detail: `${extra.result.engine} scanned an earlier version of the object; the file stays blocked until it is scanned again.`,
      },
    ],
  };
}

function fixedResult(result: EngineResult): Scanner {
  return { name: result.engine, scan: async () => result };
}
