import type { Rect, RgbImage } from '../image';
import type { PreprocessSpec } from '../manifest/manifest-schema';
import { resizeBilinear } from './bilinear';
import { clampRect, cropToFloat, roundHalfUp } from './crop-float';
import { normaliseChannels } from './normalise';

/** A detector input and how to map its canvas coordinates back to the root image. */
export interface Letterboxed {
  /** CHW float32, `3 × size × size`. */
  readonly data: Float32Array;
  /** Canvas pixels per root pixel (1 unless the view was larger than the canvas). */
  readonly scale: number;
  /** The view's top-left corner in root pixels (after clamping). */
  readonly originX: number;
  readonly originY: number;
}

/**
 * Detector preprocessing (loc and facedet, both roles): crop the view (floored/ceiled, clamped),
 * shrink it by s = size / max(w, h) with bilinear only when its larger side exceeds `size` (the
 * resized sides rounded half up, at least 1 px), and place it at the top-left of a zero canvas.
 * A canvas coordinate c maps back to the root as `c / scale + origin`.
 * @throws ModelError INVALID_INPUT for an empty view.
 */
export function letterbox(image: RgbImage, view: Rect, spec: Pick<PreprocessSpec, 'size' | 'scale' | 'mean' | 'std'>): Letterboxed {
  const size = spec.size;
  const rect = clampRect(view, image.width, image.height);
  const w = rect.x2 - rect.x1;
  const h = rect.y2 - rect.y1;
  let crop = cropToFloat(image, rect, spec.scale);
  let cw = w;
  let ch = h;
  let scale = 1;
  if (Math.max(w, h) > size) {
    scale = size / Math.max(w, h);
    ch = Math.max(1, Math.min(size, roundHalfUp(h * scale)));
    cw = Math.max(1, Math.min(size, roundHalfUp(w * scale)));
    crop = resizeBilinear(crop, 3, h, w, ch, cw);
  }
  normaliseChannels(crop, spec);
  const data = new Float32Array(3 * size * size);
  for (let c = 0; c < 3; c++) {
    for (let y = 0; y < ch; y++) {
      const from = c * ch * cw + y * cw;
      data.set(crop.subarray(from, from + cw), c * size * size + y * size);
    }
  }
  return { data, scale, originX: rect.x1, originY: rect.y1 };
}
