import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The examples import sekisho as its users do; in this checkout that is the source, not dist/.
  resolve: {
    alias: { 'sekisho/receiver': fileURLToPath(new URL('./src/exports/receiver.ts', import.meta.url)) },
  },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/**/*.test.ts', 'infra/**/*.test.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration suites start real servers (clamd, HTTP, Chromium) on loopback; two cores.
    maxWorkers: 2,
    // The AWS SDK's multi-line Node-version warning (see src/runtime/cli/entry.ts) is not test output.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
