/**
 * A small seeded PRNG (mulberry32) so that training is reproducible: the same seed and the same data
 * give a bit-identical head. `Math.random` is never used by the trainer.
 */

/** A deterministic source of random numbers. */
export interface SeededRandom {
  /** A float in [0, 1). */
  next(): number;
  /** A float in [low, high). */
  uniform(low: number, high: number): number;
  /** Shuffles `items` in place (Fisher–Yates) and returns it. */
  shuffle<T>(items: T[]): T[];
}

/**
 * Creates a {@link SeededRandom}; any finite number is a valid seed (it is folded to 32 bits).
 * @throws RangeError when the seed is not finite.
 */
export function createSeededRandom(seed: number): SeededRandom {
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
  let state = (Math.trunc(seed) ^ 0x9e3779b9) >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    uniform: (low, high) => low + (high - low) * next(),
    shuffle<T>(items: T[]): T[] {
      for (let i = items.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        const tmp = items[i];
        items[i] = items[j];
        items[j] = tmp;
      }
      return items;
    },
  };
}
