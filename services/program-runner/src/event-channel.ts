/**
 * A one-consumer queue between a run (which produces events synchronously, from the executor's
 * `onStep`) and the Execute stream (an async generator that yields them as they come).
 */
export interface EventChannel<T> {
  push(event: T): void;
  /** No more events; the iterator ends once the queued ones are read. Idempotent. */
  close(): void;
  /** Yields every event, in order, until the channel is closed and empty. */
  drain(): AsyncGenerator<T, void, undefined>;
}

/** Creates an unbounded channel (a run has one event per step start and finish). Throws nothing. */
export function createEventChannel<T>(): EventChannel<T> {
  const queue: T[] = [];
  let closed = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  return {
    push(event) {
      if (closed) return;
      queue.push(event);
      notify();
    },
    close() {
      closed = true;
      notify();
    },
    async *drain() {
      for (;;) {
        while (queue.length > 0) yield queue.shift() as T;
        if (closed) return;
        await new Promise<void>((resolve) => (wake = resolve));
      }
    },
  };
}
