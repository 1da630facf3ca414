// What scripts/build-corpus.ts and its source modules share: the manifest row and the file walk.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** One manifest row: a corpus file, its kind (a row of the bench), what the engine must do, where it came from. */
export interface CorpusItem {
  path: string;
  kind: string;
  expect: 'accept' | 'refuse';
  source: string;
}

/** Every regular file under `dir` (none when it does not exist). */
export function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = join(dir, d.name);
    return d.isDirectory() ? walk(p) : d.isFile() ? [p] : [];
  });
}
