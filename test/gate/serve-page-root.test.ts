import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningGate } from '../../src/runtime/gate/start-gate.js';
import { startTestGate, tempDataDir } from './support/gate-harness.js';

const packagedPage = fileURLToPath(new URL('../../web/dist', import.meta.url));

describe('the page served by sekisho serve', () => {
  let data: Awaited<ReturnType<typeof tempDataDir>>;
  let gate: RunningGate;

  beforeAll(async () => {
    data = await tempDataDir();
    gate = await startTestGate(data.dir);
  });

  afterAll(async () => {
    await gate.close();
    await data.cleanup();
  });

  it('comes from the package, not from the directory the server was started in', () => {
    expect(gate.ctx.webRoot).toBe(packagedPage);
  });

  it('is the built page with its script, under the strict CSP, when the package was built', async () => {
    const res = await fetch(`${gate.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await res.text();
    // `npm ci` builds the page through `prepare`; the test suite always runs after it.
    expect(existsSync(`${packagedPage}/index.html`)).toBe(true);
    expect(html).toContain('/assets/app.js');
  });
});
