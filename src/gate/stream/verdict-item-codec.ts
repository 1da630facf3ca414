import { InvalidInputError } from '../../shared/errors.js';
import type { AttributeValue, VerdictItem } from '../stream-record.js';
import type { EngineVersion, Finding, Verdict, VerdictKind } from '../verdict.js';

const VERDICT_KINDS: readonly VerdictKind[] = ['clean', 'infected', 'rejected', 'error'];

/**
 * A verdict item as a DynamoDB item image, exactly as DynamoDB (and `@aws-sdk/util-dynamodb`'s
 * `marshall`) writes it: strings as `S`, numbers as decimal strings in `N`, objects as `M`, arrays as
 * `L`, null as `{ NULL: true }`. The same image serves the embedded stream and the DynamoDB table.
 */
export function toAttributeMap(item: VerdictItem): Record<string, AttributeValue> {
  const v = item.verdict;
  return {
    fileId: { S: item.fileId },
    threadId: { S: item.threadId },
    version: num(item.version, 'version'),
    verdict: {
      M: {
        kind: { S: v.kind },
        findings: {
          L: v.findings.map((f) => ({
            M: { engine: { S: f.engine }, rule: { S: f.rule }, detail: { S: f.detail } },
          })),
        },
        engines: { L: v.engines.map((e) => ({ M: { engine: { S: e.engine }, version: { S: e.version } } })) },
        sha256: { S: v.sha256 },
        detectedType: v.detectedType === null ? { NULL: true } : { S: v.detectedType },
        scannedAt: num(v.scannedAt, 'verdict.scannedAt'),
        durationMs: num(v.durationMs, 'verdict.durationMs'),
      },
    },
    uploadedAt: num(item.uploadedAt, 'uploadedAt'),
    writtenAt: num(item.writtenAt, 'writtenAt'),
  };
}

function num(value: number, name: string): AttributeValue {
  // DynamoDB has no NaN or Infinity; marshall refuses them too.
  if (!Number.isFinite(value))
    throw new InvalidInputError('VERDICT_ITEM_INVALID', `${name} must be a finite number; got ${value}.`);
  return { N: String(value) };
}

/**
 * Reads a verdict item back from a stream record image, checking every attribute. Throws
 * `InvalidInputError` with code `STREAM_RECORD_INVALID` listing each bad attribute by its path
 * (e.g. `verdict.findings[0].rule`), so a malformed record is reported, never half-trusted.
 */
export function fromAttributeMap(image: unknown): VerdictItem {
  const problems: string[] = [];
  const r = new ImageReader(problems);
  const top = r.map(image, 'image');
  const verdict = r.map(top?.verdict, 'verdict');
  const kind = r.string(verdict?.kind, 'verdict.kind');
  if (kind !== undefined && !(VERDICT_KINDS as readonly string[]).includes(kind))
    problems.push(`verdict.kind must be one of ${VERDICT_KINDS.join(', ')}; got "${kind}"`);
  const findings = r.maps(
    verdict?.findings,
    'verdict.findings',
    (m, path): Finding => ({
      engine: r.string(m?.engine, `${path}.engine`) ?? '',
      rule: r.string(m?.rule, `${path}.rule`) ?? '',
      detail: r.string(m?.detail, `${path}.detail`) ?? '',
    }),
  );
  const engines = r.maps(
    verdict?.engines,
    'verdict.engines',
    (m, path): EngineVersion => ({
      engine: r.string(m?.engine, `${path}.engine`) ?? '',
      version: r.string(m?.version, `${path}.version`) ?? '',
    }),
  );
  const detected = verdict?.detectedType;
  const detectedType = isNull(detected)
    ? null
    : (r.string(detected, 'verdict.detectedType', 'S or NULL') ?? null);
  const item: VerdictItem = {
    fileId: r.string(top?.fileId, 'fileId') ?? '',
    threadId: r.string(top?.threadId, 'threadId') ?? '',
    version: r.number(top?.version, 'version') ?? 0,
    verdict: {
      kind: (kind ?? 'error') as VerdictKind,
      findings,
      engines,
      sha256: r.string(verdict?.sha256, 'verdict.sha256') ?? '',
      detectedType,
      scannedAt: r.number(verdict?.scannedAt, 'verdict.scannedAt') ?? 0,
      durationMs: r.number(verdict?.durationMs, 'verdict.durationMs') ?? 0,
    } satisfies Verdict,
    uploadedAt: r.number(top?.uploadedAt, 'uploadedAt') ?? 0,
    writtenAt: r.number(top?.writtenAt, 'writtenAt') ?? 0,
  };
  if (problems.length > 0)
    throw new InvalidInputError(
      'STREAM_RECORD_INVALID',
      `The stream record image is not a verdict item: ${problems.join('; ')}.`,
    );
  return item;
}

function isNull(value: unknown): boolean {
  return isObject(value) && value.NULL === true;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  return isObject(value) ? `{${Object.keys(value).join(',')}}` : JSON.stringify(value);
}

/** Reads typed attribute values, collecting one problem per bad attribute instead of stopping at the first. */
class ImageReader {
  constructor(private readonly problems: string[]) {}

  map(value: unknown, path: string): Record<string, unknown> | undefined {
    // The top-level image is a bare attribute map; nested maps are wrapped in `M`.
    if (path === 'image') {
      if (isObject(value)) return value;
      this.problems.push(`the image must be an attribute map; got ${describe(value)}`);
      return undefined;
    }
    if (isObject(value) && isObject(value.M)) return value.M;
    this.problems.push(`${path} must be M (a map); got ${describe(value)}`);
    return undefined;
  }

  list(value: unknown, path: string): unknown[] | undefined {
    if (isObject(value) && Array.isArray(value.L)) return value.L;
    this.problems.push(`${path} must be L (a list); got ${describe(value)}`);
    return undefined;
  }

  /** Reads an L of M entries, handing each entry's map and its path (`verdict.findings[0]`) to `read`. */
  maps<T>(
    value: unknown,
    path: string,
    read: (map: Record<string, unknown> | undefined, path: string) => T,
  ): T[] {
    return (this.list(value, path) ?? []).map((entry, i) => {
      const at = `${path}[${i}]`;
      return read(this.map(entry, at), at);
    });
  }

  string(value: unknown, path: string, expected = 'S (a string)'): string | undefined {
    if (isObject(value) && typeof value.S === 'string') return value.S;
    this.problems.push(`${path} must be ${expected}; got ${describe(value)}`);
    return undefined;
  }

  number(value: unknown, path: string): number | undefined {
    if (isObject(value) && typeof value.N === 'string' && /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(value.N)) {
      return Number(value.N);
    }
    this.problems.push(`${path} must be N (a decimal number string); got ${describe(value)}`);
    return undefined;
  }
}
