/** An adapter opened fresh for one test of a contract suite, with how to close it. */
export interface Opened<T> {
  readonly store: T;
  close(): void | Promise<void>;
}

/** Opens fresh stores for the tests of one suite and closes them after each (call in `describe`). */
export function freshStores<T>(
  open: () => Promise<Opened<T>>,
  afterEach: (fn: () => Promise<void>) => void,
): () => Promise<T> {
  const opened: Opened<T>[] = [];
  afterEach(async () => {
    for (const o of opened.splice(0)) await o.close();
  });
  return async () => {
    const o = await open();
    opened.push(o);
    return o.store;
  };
}
