import type { Rect, RgbImage } from '../image';
import type { PreprocessSpec } from '../manifest/manifest-schema';
import { clampRect, roundHalfUp } from './crop-float';
import { normaliseRegion, resampleInto } from './resample';

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
  const data = new Float32Array(3 * spec.size * spec.size);
  return { data, ...letterboxInto(image, view, spec, data, 0) };
}

/**
 * {@link letterbox} written straight into `out` from `offset` (`3 × size × size` floats, the whole
 * canvas, zeroed first): predictors fill their batch tensor this way, with no image in between.
 * @throws ModelError INVALID_INPUT for an empty view.
 */
export function letterboxInto(image: RgbImage, view: Rect, spec: Pick<PreprocessSpec, 'size' | 'scale' | 'mean' | 'std'>, out: Float32Array, offset: number): Omit<Letterboxed, 'data'> {
  const size = spec.size;
  const rect = clampRect(view, image.width, image.height);
  const w = rect.x2 - rect.x1;
  const h = rect.y2 - rect.y1;
  let cw = w;
  let ch = h;
  let scale = 1;
  if (Math.max(w, h) > size) {
    scale = size / Math.max(w, h);
    ch = Math.max(1, Math.min(size, roundHalfUp(h * scale)));
    cw = Math.max(1, Math.min(size, roundHalfUp(w * scale)));
  }
  out.fill(0, offset, offset + 3 * size * size);
  const target = { out, offset, planeSize: size * size, rowStride: size };
  resampleInto(image, rect, ch, cw, spec.scale, target);
  normaliseRegion(target, ch, cw, spec);
  return { scale, originX: rect.x1, originY: rect.y1 };
}
