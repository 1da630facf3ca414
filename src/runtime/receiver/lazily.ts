/**
 * Runs `create` once, on first use, and shares its promise: the receiver's AWS adapters load the
 * SDK when their first call arrives, not when `sekisho/receiver` is imported.
 */
export function lazily<T>(create: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => {
    value ??= create();
    return value;
  };
}
