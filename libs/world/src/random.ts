/**
 * A small, fast, seeded pseudo-random generator for the Shapes world.
 *
 * Scenes, questions and images must be byte-identical on every machine for the same seed, so
 * nothing in the world may use `Math.random`, the clock or the locale. The generator is sfc32
 * seeded from a cyrb128 hash of the seed parts; both use only 32-bit integer arithmetic, which is
 * exact in every JavaScript engine.
 */

/** A deterministic stream of random numbers; see {@link createRng}. */
export interface Rng {
  /** A uniform number in [0, 1) with 32 bits of randomness. */
  next(): number;
  /** A uniform integer in [lo, hiExclusive). Throws a RangeError if the range is empty. */
  int(lo: number, hiExclusive: number): number;
  /** A uniformly chosen element. Throws a RangeError on an empty list. */
  pick<T>(xs: readonly T[]): T;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** Shuffles `xs` in place (Fisher–Yates) and returns it. */
  shuffle<T>(xs: T[]): T[];
  /**
   * A standard normal sample (mean 0, variance 1), from the sum of twelve uniforms (Irwin–Hall),
   * which needs no transcendental functions and is therefore identical on every machine.
   */
  normal(): number;
  /**
   * An independent stream named `label`. It depends only on this stream's seed and the label,
   * not on how much of this stream was consumed, so adding draws in one place never shifts
   * another.
   */
  fork(label: string): Rng;
}

const SEPARATOR = '\u001f';

/** cyrb128: four 32-bit words of a string hash, good enough to seed sfc32. */
function cyrb128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

function rngFromKey(key: string): Rng {
  let [a, b, c, d] = cyrb128(key);
  const uint32 = (): number => {
    a |= 0;
    b |= 0;
    c |= 0;
    d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  // Warm up so that similar keys diverge fully.
  for (let i = 0; i < 12; i++) uint32();
  const next = (): number => uint32() / 4294967296;
  const int = (lo: number, hiExclusive: number): number => {
    if (!(hiExclusive > lo)) throw new RangeError(`empty integer range [${lo}, ${hiExclusive})`);
    return lo + Math.floor(next() * (hiExclusive - lo));
  };
  return {
    next,
    int,
    pick<T>(xs: readonly T[]): T {
      if (xs.length === 0) throw new RangeError('cannot pick from an empty list');
      return xs[int(0, xs.length)];
    },
    chance: (p: number): boolean => next() < p,
    shuffle<T>(xs: T[]): T[] {
      for (let i = xs.length - 1; i > 0; i--) {
        const j = int(0, i + 1);
        const tmp = xs[i];
        xs[i] = xs[j];
        xs[j] = tmp;
      }
      return xs;
    },
    normal(): number {
      let sum = 0;
      for (let i = 0; i < 12; i++) sum += next();
      return sum - 6;
    },
    fork: (label: string): Rng => rngFromKey(key + SEPARATOR + 'fork' + SEPARATOR + label),
  };
}

/**
 * Creates a deterministic random stream from seed parts, e.g. `createRng('gqa-shapes', 'train', 17)`.
 * Numbers are written in their shortest decimal form, so `createRng(1)` equals `createRng('1')`.
 * Never throws.
 */
export function createRng(...seedParts: Array<string | number>): Rng {
  return rngFromKey(seedParts.map(String).join(SEPARATOR));
}
