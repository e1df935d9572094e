/** Runs async tasks one at a time, in call order. */
export interface SerialQueue {
  /** Runs `task` after every task queued before it has settled; resolves or rejects with its result. */
  run<T>(task: () => Promise<T>): Promise<T>;
}

/**
 * Creates a queue that serialises admin operations (activate, rollback, discard), so two of them
 * never interleave their load-check-switch steps. A failed task does not block the next one.
 */
export function createSerialQueue(): SerialQueue {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    run<T>(task: () => Promise<T>): Promise<T> {
      const result = tail.then(task, task);
      tail = result.catch(() => undefined);
      return result;
    },
  };
}
