/**
 * Teardown steps registered where each resource is created, run last-in first-out: a start that
 * fails half-way and a normal stop release exactly what was opened, through one path.
 */
export interface Teardown {
  add(step: () => Promise<void> | void): void;
  /** Runs every step once, newest first; a step that throws does not stop the others (the first error is rethrown). */
  run(): Promise<void>;
}

/** Creates an empty teardown list. */
export function createTeardown(): Teardown {
  const steps: (() => Promise<void> | void)[] = [];
  return {
    add(step) {
      steps.push(step);
    },
    async run() {
      let first: unknown = null;
      for (let step = steps.pop(); step !== undefined; step = steps.pop()) {
        try {
          await step();
        } catch (error) {
          first ??= error;
        }
      }
      if (first !== null) throw first;
    },
  };
}
