/**
 * Bilinear resizing with the arithmetic of PyTorch's CPU kernel for
 * `F.interpolate(x, size=(h, w), mode='bilinear', align_corners=False, antialias=False)` on
 * float32: half-pixel source coordinates clamped at 0, the same float32 weights (bit-identical),
 * and a float32 blend along width, then height. `preprocess.spec.ts` checks it against torch
 * output (max |diff| ≤ 1e-6; in practice at most 2 float32 ulps); the golden checks depend on it.
 */

const f32 = Math.fround;

/** Source indices and float32 weights of every output position along one axis. */
interface AxisWeights {
  readonly i0: Int32Array;
  readonly i1: Int32Array;
  readonly w0: Float32Array;
  readonly w1: Float32Array;
}

/** Source indices and weights along one axis (torch's compute_source_index_and_lambda). */
function axisWeights(inSize: number, outSize: number): AxisWeights {
  const i0 = new Int32Array(outSize);
  const i1 = new Int32Array(outSize);
  const w0 = new Float32Array(outSize);
  const w1 = new Float32Array(outSize);
  const scale = f32(inSize / outSize);
  for (let o = 0; o < outSize; o++) {
    if (inSize === outSize) {
      i0[o] = o;
      i1[o] = o;
      w0[o] = 1;
      w1[o] = 0;
      continue;
    }
    // torch (CPU, float32): the source coordinate scale·(dst + 0.5) − 0.5 is not rounded to
    // float32 before the weight is taken from it; only the weight is. Checked against torch.
    let src = scale * (o + 0.5) - 0.5;
    if (src < 0) src = 0;
    const lo = Math.floor(src);
    i0[o] = lo;
    i1[o] = lo < inSize - 1 ? lo + 1 : lo;
    const lambda1 = Math.min(Math.max(f32(src - lo), 0), 1);
    w1[o] = lambda1;
    w0[o] = f32(1 - lambda1);
  }
  return { i0, i1, w0, w1 };
}

/**
 * Resizes a CHW float32 image to `outHeight × outWidth`. Returns the input unchanged when the size
 * already matches (as the recipes do).
 */
export function resizeBilinear(
  src: Float32Array,
  channels: number,
  inHeight: number,
  inWidth: number,
  outHeight: number,
  outWidth: number,
): Float32Array {
  if (inHeight === outHeight && inWidth === outWidth) return src;
  const ys = cachedAxisWeights(inHeight, outHeight);
  const xs = cachedAxisWeights(inWidth, outWidth);
  const out = new Float32Array(channels * outHeight * outWidth);
  for (let c = 0; c < channels; c++) {
    const plane = c * inHeight * inWidth;
    const outPlane = c * outHeight * outWidth;
    for (let y = 0; y < outHeight; y++) {
      const row0 = plane + ys.i0[y] * inWidth;
      const row1 = plane + ys.i1[y] * inWidth;
      const outRow = outPlane + y * outWidth;
      for (let x = 0; x < outWidth; x++) {
        const x0 = xs.i0[x];
        const x1 = xs.i1[x];
        out[outRow + x] = blend(src[row0 + x0], src[row0 + x1], src[row1 + x0], src[row1 + x1], xs.w0[x], xs.w1[x], ys.w0[y], ys.w1[y]);
      }
    }
  }
  return out;
}

/**
 * PyTorch's float32 bilinear blend of four source values: along the width on both rows, then
 * along the height, each product and sum rounded to float32. Every resize here goes through it.
 */
export function blend(topLeft: number, topRight: number, bottomLeft: number, bottomRight: number, wx0: number, wx1: number, wy0: number, wy1: number): number {
  const top = f32(f32(topLeft * wx0) + f32(topRight * wx1));
  const bottom = f32(f32(bottomLeft * wx0) + f32(bottomRight * wx1));
  return f32(f32(top * wy0) + f32(bottom * wy1));
}

/** Axis weights by (input size, output size); sizes repeat across requests, the arrays never change. */
const weightCache = new Map<number, AxisWeights>();
const WEIGHT_CACHE_LIMIT = 1024;

/** {@link axisWeights}, computed once per (input size, output size); the arrays must not be written. */
export function cachedAxisWeights(inSize: number, outSize: number): AxisWeights {
  const key = inSize * 65536 + outSize;
  let weights = weightCache.get(key);
  if (weights === undefined) {
    if (weightCache.size >= WEIGHT_CACHE_LIMIT) weightCache.clear();
    weights = axisWeights(inSize, outSize);
    weightCache.set(key, weights);
  }
  return weights;
}
