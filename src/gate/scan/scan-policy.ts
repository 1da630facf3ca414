import { FILE_TYPES, fileType } from './file-types.js';

/** Which detected types a deployment accepts. Everything else is refused as `type-not-allowed`. */
export interface ScanPolicy {
  readonly accept: ReadonlySet<string>;
}

/**
 * The default policy: PDF, Word/Excel/PowerPoint (OOXML) and Word/Excel 97-2003 without macros,
 * OpenDocument text/spreadsheet/presentation/drawing and their templates, text and CSV, PNG,
 * JPEG, GIF, WebP, and ZIP and gzip of those.
 */
export const defaultScanPolicy: ScanPolicy = Object.freeze({
  accept: new Set(FILE_TYPES.filter((f) => f.acceptedByDefault).map((f) => f.mime)),
});

/**
 * Reads a policy file's parsed JSON: `{ "accept": ["default", "image/svg+xml"] }`, where
 * `"default"` stands for the default list and every other item is a MIME type the built-in engine
 * detects. Returns the policy, or every problem found (never a partial policy).
 */
export function parseScanPolicy(json: unknown): { policy: ScanPolicy } | { problems: string[] } {
  const problems: string[] = [];
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    return { problems: ['the policy must be a JSON object such as {"accept": ["default"]}'] };
  for (const key of Object.keys(json))
    if (key !== 'accept') problems.push(`unknown field "${key}" (the only field is "accept")`);
  const accept = (json as { accept?: unknown }).accept;
  if (!Array.isArray(accept) || accept.length === 0)
    return { problems: [...problems, '"accept" must be a non-empty list of MIME types or "default"'] };
  const types = new Set<string>();
  for (const item of accept) {
    if (item === 'default') for (const mime of defaultScanPolicy.accept) types.add(mime);
    else if (typeof item === 'string' && fileType(item) !== undefined && !/x-empty|octet-stream/.test(item))
      types.add(item);
    else
      problems.push(
        `${JSON.stringify(item)} is not a type the built-in engine detects (see docs/scanning.md for the list)`,
      );
  }
  return problems.length > 0 ? { problems } : { policy: Object.freeze({ accept: types }) };
}
