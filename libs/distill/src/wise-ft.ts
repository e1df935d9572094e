/**
 * WiSE-FT: weight-space interpolation between the parent head and the trained one. Mixing the two
 * trades target-task gain against what the parent knew; the gate picks α on real evaluations.
 */
import type { FloatTensor } from './float-tensor';

/**
 * Weights (1 − α)·parent + α·trained, per initializer, in float32. α = 0 gives the parent's values
 * and α = 1 the trained values exactly.
 * @throws RangeError when α is outside [0, 1] or the two sets of weights differ in names or sizes.
 */
export function interpolateWeights(
  parent: Readonly<Record<string, FloatTensor>>,
  trained: Readonly<Record<string, FloatTensor>>,
  alpha: number,
): Record<string, FloatTensor> {
  if (!(alpha >= 0 && alpha <= 1)) throw new RangeError(`WiSE-FT alpha must be in [0, 1], got ${alpha}`);
  const result: Record<string, FloatTensor> = {};
  for (const [name, p] of Object.entries(parent)) {
    const t = trained[name];
    if (t === undefined || t.data.length !== p.data.length) throw new RangeError(`trained weights lack ${name} or differ in size`);
    if (alpha === 0 || alpha === 1) {
      result[name] = { dims: p.dims, data: Float32Array.from(alpha === 0 ? p.data : t.data) };
      continue;
    }
    const data = new Float32Array(p.data.length);
    for (let i = 0; i < data.length; i++) data[i] = (1 - alpha) * p.data[i] + alpha * t.data[i];
    result[name] = { dims: p.dims, data };
  }
  return result;
}
