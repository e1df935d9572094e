import type { PreprocessSpec } from '../manifest/manifest-schema';

/**
 * Applies the manifest's per-channel `(x - mean) / std` in place on a CHW float32 image. The zoo's
 * models use mean 0 and std 1, for which this is a no-op (and skipped, so goldens stay exact).
 */
export function normaliseChannels(chw: Float32Array, spec: Pick<PreprocessSpec, 'mean' | 'std'>): Float32Array {
  const identity = spec.mean.every((m) => m === 0) && spec.std.every((s) => s === 1);
  if (identity) return chw;
  const plane = chw.length / 3;
  for (let c = 0; c < 3; c++) {
    const mean = spec.mean[c];
    const std = spec.std[c];
    for (let i = c * plane; i < (c + 1) * plane; i++) chw[i] = Math.fround((chw[i] - mean) / std);
  }
  return chw;
}
