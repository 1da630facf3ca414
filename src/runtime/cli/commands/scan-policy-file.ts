import { readFile } from 'node:fs/promises';
import { parseScanPolicy, type ScanPolicy } from '../../../gate/scan/scan-policy.js';
import { InvalidInputError } from '../../../shared/errors.js';

/**
 * Reads an accepted-types policy file (`{"accept": ["default", "image/svg+xml"]}`, see
 * docs/scanning.md). A missing file, bad JSON or an unknown type is one clear error that lists
 * every problem and names the file.
 */
export async function loadScanPolicyFile(path: string): Promise<ScanPolicy> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new InvalidInputError(
      'POLICY_FILE',
      `Cannot read the policy file ${path}${code === 'ENOENT' ? ': it does not exist' : ` (${code ?? 'unreadable'})`}.`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InvalidInputError(
      'POLICY_FILE',
      `The policy file ${path} is not valid JSON: ${(error as Error).message}.`,
    );
  }
  const parsed = parseScanPolicy(json);
  if ('problems' in parsed)
    throw new InvalidInputError(
      'POLICY_FILE',
      `The policy file ${path} is not valid: ${parsed.problems.join('; ')}.`,
    );
  return parsed.policy;
}
