/**
 * Buffers an engine reuses from file to file to hold each file it reads whole. Memory fresh from
 * the allocator costs a page fault per 4 KB page on first touch, and far more inside a VM whose
 * host reclaims freed pages (Firecracker, as Lambda runs on): on this project's benchmark machine,
 * reading each PDF into a fresh buffer made a pass over the pdfTeX manuals 12–20 % slower. A buffer is leased
 * for one scan and given back when the scan is over, so nothing else can hold it meanwhile; at
 * most {@link KEPT} buffers are kept, enough for the scans one process runs at a time.
 */
export interface ScratchBuffers {
  /** A buffer of at least `size` bytes, the caller's alone until {@link ScratchBuffers.giveBack}. */
  lease(size: number): Uint8Array;
  giveBack(buffer: Uint8Array): void;
}

const KEPT = 2;
/** Sizes are rounded up to this, so that files of nearly the same size share a buffer. */
const STEP = 1024 * 1024;

export function scratchBuffers(): ScratchBuffers {
  const free: Uint8Array[] = [];
  return {
    lease(size) {
      // The smallest that fits, so that a large buffer stays free for a large file.
      let pick = -1;
      for (let i = 0; i < free.length; i++)
        if (
          (free[i] as Uint8Array).length >= size &&
          (pick < 0 || (free[i] as Uint8Array).length < (free[pick] as Uint8Array).length)
        )
          pick = i;
      if (pick >= 0) return free.splice(pick, 1)[0] as Uint8Array;
      // Not zero-filled: only the bytes read into it are ever looked at.
      return Buffer.allocUnsafe(Math.max(STEP, Math.ceil(size / STEP) * STEP));
    },
    giveBack(buffer) {
      free.push(buffer);
      if (free.length > KEPT) {
        // Keep the largest: a small file fits in any of them.
        free.sort((a, b) => b.length - a.length);
        free.length = KEPT;
      }
    },
  };
}
