import type { ScanSubject } from '../../ports.js';
import { typeLabel } from '../file-types.js';
import { bytesSubject } from './bytes-subject.js';
import { decodeText } from './decode-text.js';
import { type DetectedType, detectType } from './detect-type.js';
import { isEicar } from './eicar.js';
import { gunzipSubject, gzipStoredName } from './gzip-inspector.js';
import { nameMismatch } from './name-matches-type.js';
import { inspectOle, oleKindUnknown } from './ole-inspector.js';
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

async function scanPdf(subject: ScanSubject, ctx: InspectContext, level: number): Promise<Hit[]> {
  const pdf = new PdfInspector(ctx.budget, ctx.limits.maxExpandedBytes);
  for await (const chunk of subject.stream()) {
    ctx.signal?.throwIfAborted();
    pdf.push(chunk);
  }
  return pdf.finish({
    read: (start, end) => subject.read(start, end),
    async inspectEmbedded(name, bytes, part) {
      // An attachment is judged as an upload of its own, one level deeper (a PDF in a PDF in a PDF…).
      if (level + 1 > ctx.limits.maxDepth)
        return [
          reject('archive-too-deep', `Attachments are nested more than ${ctx.limits.maxDepth} levels deep.`),
        ];
      return (await inspectSubject(bytesSubject(name, bytes), ctx, level + 1, part ? 'office' : 'strict'))
        .hits;
    },
  });
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
      return {
        type: detected,
        hits: [
          reject('executable', `The file is a program (${typeLabel(detected.mime).en}, ${detected.mime}).`),
        ],
      };
    case 'script':
      return { type: detected, hits: [reject('script', 'The file is a script (it starts with #!).')] };
    case 'pdf':
      return { type: detected, hits: await scanPdf(subject, ctx, level) };
    case 'zip':
      return tooDeep ? { type: detected, hits: [deep] } : inspectZip(subject, ctx, deeper);
    case 'ole':
      return inspectOle(subject, async (name, bytes) =>
        tooDeep ? [deep] : (await deeper(bytesSubject(name, bytes), 'office')).hits,
      );
    case 'gzip': {
      if (tooDeep) return { type: detected, hits: [deep] };
      const inner = await gunzipSubject(subject, ctx);
      if ('rule' in inner) return { type: detected, hits: [inner] };
      const result = await deeper(inner, 'strict');
      const hits = result.hits.map((h) => ({ ...h, detail: `${inner.displayName}: ${h.detail}` }));
      const stored = gzipStoredName(head);
      const storedHit =
        stored === null || stored === inner.displayName ? null : nameMismatch(stored, result.type);
      if (storedHit !== null)
        hits.push({
          ...storedHit,
          detail: `The name stored inside the gzip file, ${stored}: ${storedHit.detail}`,
        });
      return { type: detected, hits };
    }
    case 'text': {
      const decoded = decodeText(head);
      const inspection = inspectText(decoded?.text ?? '');
      // The head decided the type; a longer file is read to its end for what hides further on.
      if (inspection.hits.length > 0 || decoded === null || subject.size <= head.length) return inspection;
      return {
        type: inspection.type,
        hits: await scanTextBody(subject, decoded.encoding, inspection.type.mime, ctx),
      };
    }
    case 'image':
      return { type: detected, hits: [] };
    case 'other-archive':
    case 'unknown':
      return { type: detected, hits: [] };
  }
}

function notAccepted(type: DetectedType): Hit {
  if (type.mime === 'application/octet-stream')
    return reject('type-not-allowed', 'The content is not a format the engine recognises.');
  return reject(
    'type-not-allowed',
    `Files of this type are not accepted: ${typeLabel(type.mime).en} (${type.mime}).`,
  );
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
  if (subject.size === 0)
    // An empty entry in an archive is a placeholder; an empty upload is a mistake worth naming.
    return { type: detected, hits: level === 0 ? [reject('empty-file', 'The file is empty.')] : [] };
  const { type, hits } = await byFamily(subject, head, detected, ctx, level);
  if (!ctx.policy.accept.has(type.mime) && hits.length === 0) hits.push(notAccepted(type));
  // A damaged or encrypted compound file's kind is unknown: its name is not a disguise.
  const mismatch = oleKindUnknown(type, hits) ? null : nameMismatch(subject.displayName, type);
  if (mismatch !== null) hits.push(mismatch);
  return { type, hits: mode === 'office' ? hits.filter((h) => !ALLOWLIST_RULES.has(h.rule)) : hits };
}
