import type { ScanSubject } from '../../ports.js';
import { decodeText } from './decode-text.js';
import { type DetectedType, detectType } from './detect-type.js';
import { isEicar } from './eicar.js';
import { gunzipSubject } from './gzip-inspector.js';
import { allowedTypes, nameMismatch } from './name-matches-type.js';
import { inspectOle } from './ole-inspector.js';
import { PdfInspector } from './pdf-inspector.js';
import { scanTextBody } from './text-body-scanner.js';
import { inspectText } from './text-inspector.js';
import { type Hit, type InspectContext, reject } from './types.js';
import { type InspectMode, inspectZip } from './zip-inspector.js';

/** What the engine concluded about one file or entry. */
export interface Inspection {
  readonly type: DetectedType;
  readonly hits: Hit[];
}

// Policy hits that only say "not on the allowlist"; an Office document's inner parts (XML,
// fonts, EMF) are judged as parts of the document, not as uploads of their own.
const ALLOWLIST_RULES = new Set(['type-not-allowed', 'name-mismatch']);

async function scanPdf(subject: ScanSubject, ctx: InspectContext): Promise<Hit[]> {
  const pdf = new PdfInspector(ctx.budget, ctx.limits.maxExpandedBytes);
  for await (const chunk of subject.stream()) {
    ctx.signal?.throwIfAborted();
    pdf.push(chunk);
  }
  return pdf.finish();
}

async function byFamily(
  subject: ScanSubject,
  head: Uint8Array,
  detected: DetectedType,
  ctx: InspectContext,
  level: number,
): Promise<Inspection> {
  const deeper = (entry: ScanSubject, mode: InspectMode) => inspectSubject(entry, ctx, level + 1, mode);
  const tooDeep = level + 1 > ctx.limits.maxDepth;
  const deep = reject(
    'archive-too-deep',
    `Archives are nested more than ${ctx.limits.maxDepth} levels deep.`,
  );
  switch (detected.family) {
    case 'executable':
      return { type: detected, hits: [reject('executable', `The file is a program (${detected.mime}).`)] };
    case 'script':
      return { type: detected, hits: [reject('script', 'The file is a script (it starts with #!).')] };
    case 'pdf':
      return { type: detected, hits: await scanPdf(subject, ctx) };
    case 'zip':
      return tooDeep ? { type: detected, hits: [deep] } : inspectZip(subject, ctx, deeper);
    case 'ole':
      return inspectOle(subject);
    case 'gzip': {
      if (tooDeep) return { type: detected, hits: [deep] };
      const inner = await gunzipSubject(subject, ctx);
      if ('rule' in inner) return { type: detected, hits: [inner] };
      const result = await deeper(inner, 'strict');
      return {
        type: detected,
        hits: result.hits.map((h) => ({ ...h, detail: `${inner.displayName}: ${h.detail}` })),
      };
    }
    case 'text': {
      const decoded = decodeText(head);
      const inspection = inspectText(decoded?.text ?? '');
      // The head decided the type; a longer file is read to its end for what hides further on.
      if (inspection.hits.length > 0 || decoded === null || subject.size <= head.length) return inspection;
      return { type: inspection.type, hits: await scanTextBody(subject, decoded.encoding, ctx) };
    }
    case 'image':
      return { type: detected, hits: [] };
    case 'other-archive':
    case 'unknown':
      return { type: detected, hits: [] };
  }
}

/**
 * Inspects one file or archive entry: EICAR and the denylist first (infected), then its type
 * from the bytes, the checks of that type, the allowlist and the name. `level` counts the
 * archives around it; `office` relaxes the allowlist for the inner parts of an Office document.
 */
export async function inspectSubject(
  subject: ScanSubject,
  ctx: InspectContext,
  level = 0,
  mode: InspectMode = 'strict',
): Promise<Inspection> {
  ctx.signal?.throwIfAborted();
  const head = await subject.read(0, ctx.limits.headBytes);
  const detected = detectType(head);
  if (isEicar(head, subject.size))
    return {
      type: detected,
      hits: [{ kind: 'infected', rule: 'eicar', detail: 'The file is the EICAR anti-virus test file.' }],
    };
  if (ctx.denylist.size > 0 && ctx.denylist.has(subject.sha256))
    return {
      type: detected,
      hits: [
        {
          kind: 'infected',
          rule: 'sha256-denylist',
          detail: `The file's sha256 ${subject.sha256} is on the denylist.`,
        },
      ],
    };
  const { type, hits } = await byFamily(subject, head, detected, ctx, level);
  if (!allowedTypes.has(type.mime) && hits.length === 0)
    hits.push(reject('type-not-allowed', `Files of type ${type.mime} are not accepted.`));
  const mismatch = nameMismatch(subject.displayName, type);
  if (mismatch !== null) hits.push(mismatch);
  return { type, hits: mode === 'office' ? hits.filter((h) => !ALLOWLIST_RULES.has(h.rule)) : hits };
}
