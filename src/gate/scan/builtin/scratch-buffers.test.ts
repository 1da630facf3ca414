import { describe, expect, it } from 'vitest';
import { scratchBuffers } from './scratch-buffers.js';

// Identity is compared with ===: vitest's toBe on two large buffers formats both when it fails.
describe('scratchBuffers', () => {
  it('gives a buffer back to the next lease that fits in it', () => {
    const scratch = scratchBuffers();
    const first = scratch.lease(3 * 1024 * 1024 + 1);
    expect(first.length).toBeGreaterThanOrEqual(3 * 1024 * 1024 + 1);
    scratch.giveBack(first);
    expect(scratch.lease(10) === first).toBe(true);
  });

  it('never leases one buffer twice at a time', () => {
    const scratch = scratchBuffers();
    const a = scratch.lease(100);
    const b = scratch.lease(100);
    expect(b === a).toBe(false);
    scratch.giveBack(a);
    const c = scratch.lease(100);
    expect(c === a).toBe(true);
    expect(scratch.lease(100) === c).toBe(false);
  });

  it('leases the smallest free buffer that fits, and keeps the two largest', () => {
    const scratch = scratchBuffers();
    const [small, middle, large] = [1, 4, 8].map((mb) => scratch.lease(mb * 1024 * 1024));
    for (const b of [small, middle, large]) scratch.giveBack(b as Uint8Array);
    // Three given back, two kept: the 1 MB one went.
    expect(scratch.lease(1) === middle).toBe(true);
    expect(scratch.lease(1) === large).toBe(true);
    expect(scratch.lease(1) === small).toBe(false);
  });
});
