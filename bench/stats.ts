import { createRng } from '@vprog/world';

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

/**
 * A bootstrap interval of `median(a) / median(b)`: both sample sets are resampled with
 * replacement `iterations` times (a fixed seed, so a rerun on the same samples prints the same
 * interval), and the `(1 − level) / 2` and `(1 + level) / 2` quantiles of the resampled ratios are
 * returned. It shows how far one run's ratio can be trusted on a noisy machine.
 */
export function bootstrapMedianRatio(a: readonly number[], b: readonly number[], level = 0.9, iterations = 2000): { low: number; high: number } {
  const rng = createRng('bootstrap-median-ratio');
  const resample = (xs: readonly number[]): number[] => Array.from(xs, () => xs[rng.int(0, xs.length)]);
  const ratios = Array.from({ length: iterations }, () => median(resample(a)) / median(resample(b))).sort((x, y) => x - y);
  const at = (q: number): number => ratios[Math.min(ratios.length - 1, Math.max(0, Math.round(q * (ratios.length - 1))))];
  return { low: at((1 - level) / 2), high: at((1 + level) / 2) };
}
