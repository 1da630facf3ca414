// Removes dist/ before a packing build, so that the tarball holds only what the current sources
// compile to: tsc never deletes the output of a source file that was moved or removed.
import { rmSync } from 'node:fs';

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
