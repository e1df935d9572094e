/** The median of some samples (the mean of the middle two for an even count). Throws nothing; NaN for none. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Calls each lane back to back (one loop per lane, all concurrent) for `ms`; returns completed
 * items per second, `itemsPerCall` per call. A failed call rejects the whole measurement.
 */
export async function throughput(lanes: readonly (() => Promise<unknown>)[], ms: number, itemsPerCall = 1): Promise<number> {
  const until = performance.now() + ms;
  const start = performance.now();
  let done = 0;
  await Promise.all(
    lanes.map(async (once) => {
      while (performance.now() < until) {
        await once();
        done += itemsPerCall;
      }
    }),
  );
  return done / ((performance.now() - start) / 1_000);
}
