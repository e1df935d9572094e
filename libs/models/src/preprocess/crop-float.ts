import { modelError } from '../errors';
import type { Rect, RgbImage } from '../image';

/** `x / 255` in float32 for every byte value, computed once (the contract's scale). */
const BYTE_TO_FLOAT = Float32Array.from({ length: 256 }, (_, v) => Math.fround(v / 255));

/** The float32 value of every byte under `scale` (the contract's `x / 255` for 1/255). */
export function byteTable(scale: number): Float32Array {
  if (Math.abs(scale - 1 / 255) < 1e-12) return BYTE_TO_FLOAT;
  return Float32Array.from({ length: 256 }, (_, v) => Math.fround(v * scale));
}

/** Rounds halves up (x.5 → x+1) for non-negative values, as the recipes do; never banker's rounding. */
export function roundHalfUp(value: number): number {
  return Math.floor(value + 0.5);
}

/**
 * A rect in integer pixels clamped to the image: x1/y1 floored, x2/y2 ceiled (the recipes' rule).
 * @throws ModelError INVALID_INPUT when nothing of the rect lies inside the image.
 */
export function clampRect(rect: Rect, width: number, height: number): Rect {
  const x1 = Math.max(0, Math.floor(rect.x1));
  const y1 = Math.max(0, Math.floor(rect.y1));
  const x2 = Math.min(width, Math.ceil(rect.x2));
  const y2 = Math.min(height, Math.ceil(rect.y2));
  if (!(x2 > x1 && y2 > y1)) {
    throw modelError('INVALID_INPUT', `empty rect [${rect.x1}, ${rect.y1}, ${rect.x2}, ${rect.y2}] in a ${width}x${height} image`, {
      rect: `${rect.x1},${rect.y1},${rect.x2},${rect.y2}`,
    });
  }
  return { x1, y1, x2, y2 };
}

/**
 * Crops an integer rect (already clamped) of an RGB image into CHW float32 `x · scale`
 * (`scale` = 1/255 in every zoo model, computed as `x / 255`).
 */
export function cropToFloat(image: RgbImage, rect: Rect, scale = 1 / 255): Float32Array {
  const table = byteTable(scale);
  const w = rect.x2 - rect.x1;
  const h = rect.y2 - rect.y1;
  const plane = w * h;
  const out = new Float32Array(3 * plane);
  for (let y = 0; y < h; y++) {
    let src = ((rect.y1 + y) * image.width + rect.x1) * 3;
    const row = y * w;
    for (let x = 0; x < w; x++, src += 3) {
      out[row + x] = table[image.data[src]];
      out[plane + row + x] = table[image.data[src + 1]];
      out[2 * plane + row + x] = table[image.data[src + 2]];
    }
  }
  return out;
}
