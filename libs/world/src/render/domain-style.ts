import type { Domain } from '../vocabulary';

/**
 * How each domain changes the look of a scene. One table, so the domains can be compared and
 * tuned in one place; the backgrounds themselves live in `backgrounds.ts`.
 */
export interface DomainStyle {
  /** Per-object random shift of each colour channel, ± this many levels. */
  readonly colourJitter: number;
  /** Per-scene brightness factor range applied to object colours. */
  readonly brightness: readonly [number, number];
  /** Gaussian pixel noise σ range (0..255 scale), drawn once per scene. */
  readonly pixelNoise: readonly [number, number];
  /**
   * A whole-image cast: per-scene ranges of the overall gain and of the extra red and blue
   * factors. Null for domains without a cast.
   */
  readonly cast: { readonly gain: readonly [number, number]; readonly red: readonly [number, number]; readonly blue: readonly [number, number] } | null;
}

/** The style of each domain. */
export const DOMAIN_STYLES: Readonly<Record<Domain, DomainStyle>> = {
  studio: { colourJitter: 6, brightness: [0.97, 1.03], pixelNoise: [0, 0], cast: null },
  paper: { colourJitter: 12, brightness: [0.93, 1.04], pixelNoise: [2, 4], cast: null },
  noise: { colourJitter: 12, brightness: [0.9, 1.08], pixelNoise: [7, 11], cast: null },
  // Calibrated against a quick feasibility check: red ×1.6, blue ×0.45, brightness ×0.35,
  // σ ≈ 25 made a model trained on other domains drop to about half colour accuracy while a
  // model trained on dusk still told the colours apart.
  dusk: { colourJitter: 12, brightness: [0.92, 1.06], pixelNoise: [22, 28], cast: { gain: [0.31, 0.39], red: [1.5, 1.7], blue: [0.4, 0.5] } },
};

/** A uniform number in `[range[0], range[1])` from `next`. Never throws. */
export function inRange(range: readonly [number, number], next: () => number): number {
  return range[0] + (range[1] - range[0]) * next();
}
