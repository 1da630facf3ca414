// Bundles each Lambda handler (src/runtime/lambda) into dist/lambda/<name>/index.mjs, and the clamd
// image's Dockerfile beside them. The CDK constructs deploy exactly these directories
// (lambda.Code.fromAsset), in this repository and from an installed package alike, so what
// `npm run synth` and the AWS-in-a-box tests run is what ships. Part of `npm run build`.
import { copyFileSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

/** dist/lambda/<name> ← its entry under src/runtime/lambda. */
export const LAMBDA_ENTRIES = {
  scan: 'scan-handler.ts',
  release: 'release-batch-handler.ts',
  reconcile: 'reconcile-handler.ts',
  triage: 'triage-handler.ts',
  'definitions-refresh': 'definitions-refresh-handler.ts',
};

const out = 'dist/lambda';
// Built in a private directory, then renamed into place: two builds at once never leave a
// half-written bundle behind.
const staging = `dist/.lambda-${process.pid}`;
rmSync(staging, { recursive: true, force: true });
mkdirSync(staging, { recursive: true });
try {
  await Promise.all(
    Object.entries(LAMBDA_ENTRIES).map(([name, entry]) =>
      build({
        entryPoints: [`src/runtime/lambda/${entry}`],
        outfile: join(staging, name, 'index.mjs'),
        bundle: true,
        platform: 'node',
        // Node 22 runs the clamd image; the zip functions run on Node 24.
        target: 'node22',
        format: 'esm',
        mainFields: ['module', 'main'],
        // Minified with function and class names kept, so a stack trace in CloudWatch reads
        // without a source map (which would double the package).
        minify: true,
        keepNames: true,
        legalComments: 'none',
        // Some bundled CommonJS packages call require(); ESM has none unless it is made.
        banner: {
          js: "import { createRequire as __cr } from 'node:module';const require = __cr(import.meta.url);",
        },
        // The SDK is bundled too, at the version the lockfile pins and the tests ran, rather than
        // whichever version the Lambda runtime happens to ship.
        external: [],
        logLevel: 'warning',
      }),
    ),
  );
  copyFileSync('infra/clamd-image/Dockerfile', join(staging, 'clamd.Dockerfile'));
  rmSync(out, { recursive: true, force: true });
  renameSync(staging, out);
} finally {
  rmSync(staging, { recursive: true, force: true });
}
const sizes = Object.keys(LAMBDA_ENTRIES).map(
  (name) => `${name} ${Math.round(statSync(join(out, name, 'index.mjs')).size / 1024)} KiB`,
);
console.log(`build-lambdas: ${sizes.join(', ')}`);
