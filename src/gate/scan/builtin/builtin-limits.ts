/**
 * The limits of the built-in engine. Each one bounds the work or memory an uploaded file can cost,
 * so that a hostile file (a zip bomb, a deeply nested archive) is refused instead of being unpacked.
 */
export interface BuiltinLimits {
  /** How many archives deep the engine looks (a zip in a zip in a zip is depth 3). Default 3. */
  readonly maxDepth: number;
  /** Entries across all archives of one file. Default 1000. */
  readonly maxEntries: number;
  /** Bytes expanded from all archives of one file, declared or actual. Default 100 MB (100 * 2^20). */
  readonly maxExpandedBytes: number;
  /** Largest expanded/compressed ratio of one entry. Default 100. */
  readonly maxRatio: number;
  /**
   * Entries smaller than this are not held to `maxRatio`: a few KB of repeated XML compresses
   * far beyond 100:1 without being a bomb. Default 1 MB.
   */
  readonly ratioFloorBytes: number;
  /** Bytes read from the start of a file to detect its type and inspect text. Default 64 KB. */
  readonly headBytes: number;
}

/** The defaults documented on {@link BuiltinLimits}. */
export const defaultBuiltinLimits: BuiltinLimits = Object.freeze({
  maxDepth: 3,
  maxEntries: 1000,
  maxExpandedBytes: 100 * 1024 * 1024,
  maxRatio: 100,
  ratioFloorBytes: 1024 * 1024,
  headBytes: 64 * 1024,
});
