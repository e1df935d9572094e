import type { Rect, RgbImage } from '../image';
import type { PreprocessSpec } from '../manifest/manifest-schema';
import { blend as torchBlend, cachedAxisWeights } from './bilinear';
import { byteTable } from './crop-float';

const f32 = Math.fround;
// A module-level binding, not a property read of the import on every pixel: the hot loops below
// inline it only this way (measured: 1.7x slower through the import).
const blend = torchBlend;

/** Where {@link resampleInto} writes: CHW planes of `planeSize` floats, rows `rowStride` apart. */
export interface ResampleTarget {
  readonly out: Float32Array;
  /** Index of the first float of the red plane. */
  readonly offset: number;
  /** Floats from one channel plane to the next (e.g. `size · size` for a canvas). */
  readonly planeSize: number;
  /** Floats from one row to the next (the canvas width). */
  readonly rowStride: number;
}

/**
 * Crops an integer rect (already clamped) of an RGB image, scales its bytes by `scale` and
 * resizes it to `outHeight × outWidth` with PyTorch's bilinear arithmetic, writing CHW float32
 * straight into `target` (the rest of the target is left as it is). It is `cropToFloat` followed
 * by `resizeBilinear` fused: the same float32 values and operations in the same order, so the
 * result is bit-identical, without the two intermediate images (a view's crop alone can be a few
 * hundred kilobytes per request).
 */
export function resampleInto(image: RgbImage, rect: Rect, outHeight: number, outWidth: number, scale: number, target: ResampleTarget): void {
  const table = byteTable(scale);
  const { out, offset, planeSize, rowStride } = target;
  const inWidth = rect.x2 - rect.x1;
  const inHeight = rect.y2 - rect.y1;
  const data = image.data;
  const stride = image.width * 3;
  const base = rect.y1 * stride + rect.x1 * 3;
  // Pixel-major loops: the three channels of a pixel are read together and written to their planes.
  if (inWidth === outWidth && inHeight === outHeight) {
    for (let y = 0; y < outHeight; y++) {
      let src = base + y * stride;
      let dst = offset + y * rowStride;
      for (let x = 0; x < outWidth; x++, src += 3, dst++) {
        out[dst] = table[data[src]];
        out[dst + planeSize] = table[data[src + 1]];
        out[dst + 2 * planeSize] = table[data[src + 2]];
      }
    }
    return;
  }
  const ys = cachedAxisWeights(inHeight, outHeight);
  const xs = cachedAxisWeights(inWidth, outWidth);
  const { w0: wx0, w1: wx1 } = xs;
  for (let y = 0; y < outHeight; y++) {
    const row0 = base + ys.i0[y] * stride;
    const row1 = base + ys.i1[y] * stride;
    const wy0 = ys.w0[y];
    const wy1 = ys.w1[y];
    let dst = offset + y * rowStride;
    for (let x = 0; x < outWidth; x++, dst++) {
      const a = xs.i0[x] * 3;
      const b = xs.i1[x] * 3;
      const u = wx0[x];
      const v = wx1[x];
      const t0 = row0 + a;
      const t1 = row0 + b;
      const b0 = row1 + a;
      const b1 = row1 + b;
      out[dst] = blend(table[data[t0]], table[data[t1]], table[data[b0]], table[data[b1]], u, v, wy0, wy1);
      out[dst + planeSize] = blend(table[data[t0 + 1]], table[data[t1 + 1]], table[data[b0 + 1]], table[data[b1 + 1]], u, v, wy0, wy1);
      out[dst + 2 * planeSize] = blend(table[data[t0 + 2]], table[data[t1 + 2]], table[data[b0 + 2]], table[data[b1 + 2]], u, v, wy0, wy1);
    }
  }
}

/**
 * Applies the manifest's per-channel `(x - mean) / std` in place on the `height × width` region a
 * {@link resampleInto} call wrote (nothing else of the target). A no-op for mean 0 and std 1, as in
 * every zoo model.
 */
export function normaliseRegion(target: ResampleTarget, height: number, width: number, spec: Pick<PreprocessSpec, 'mean' | 'std'>): void {
  if (spec.mean.every((m) => m === 0) && spec.std.every((s) => s === 1)) return;
  const { out, offset, planeSize, rowStride } = target;
  for (let c = 0; c < 3; c++) {
    const mean = spec.mean[c];
    const std = spec.std[c];
    for (let y = 0; y < height; y++) {
      const row = offset + c * planeSize + y * rowStride;
      for (let i = row; i < row + width; i++) out[i] = f32((out[i] - mean) / std);
    }
  }
}
