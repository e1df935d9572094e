/**
 * Runs `work` over `items`, in their order, with at most `limit` calls in flight (at least one).
 * Once a call fails or `signal` aborts, no further item starts, and the promise rejects with that
 * failure (or the signal's reason) at once; calls already in flight are not waited for, so their
 * own signal handling must stop them. Evaluation and the coordinator's labelling share this loop.
 */
export async function forEachConcurrently<T>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  let next = 0;
  let stopped = false;
  const worker = async (): Promise<void> => {
    while (!stopped && next < items.length) {
      if (signal?.aborted === true) throw signal.reason;
      const index = next++;
      try {
        await work(items[index] as T, index);
      } catch (error) {
        stopped = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
