import type { Rect, RgbImage } from '../image';
import type { PreprocessSpec } from '../manifest/manifest-schema';
import { clampRect, roundHalfUp } from './crop-float';
import { normaliseRegion, resampleInto } from './resample';

/**
 * The classify crop rect: the box (clamped) padded by `pad` of its width/height on each side, the
 * padding rounded half up and at least `padMinPx`, clamped to the image.
 * @throws ModelError INVALID_INPUT for a box outside the image.
 */
export function paddedBox(box: Rect, width: number, height: number, pad: number, padMinPx: number): Rect {
  const r = clampRect(box, width, height);
  const px = Math.max(padMinPx, roundHalfUp(pad * (r.x2 - r.x1)));
  const py = Math.max(padMinPx, roundHalfUp(pad * (r.y2 - r.y1)));
  return { x1: Math.max(0, r.x1 - px), y1: Math.max(0, r.y1 - py), x2: Math.min(width, r.x2 + px), y2: Math.min(height, r.y2 + py) };
}

/**
 * classify preprocessing: the padded box crop, bilinear-resized to `size × size` (CHW float32).
 * @throws ModelError INVALID_INPUT for a box outside the image.
 */
export function cropResize(image: RgbImage, box: Rect, spec: Pick<PreprocessSpec, 'size' | 'scale' | 'mean' | 'std' | 'pad' | 'padMinPx'>): Float32Array {
  const out = new Float32Array(3 * spec.size * spec.size);
  cropResizeInto(image, box, spec, out, 0);
  return out;
}

/** {@link cropResize} written straight into `out` from `offset` (`3 × size × size` floats). */
export function cropResizeInto(image: RgbImage, box: Rect, spec: Pick<PreprocessSpec, 'size' | 'scale' | 'mean' | 'std' | 'pad' | 'padMinPx'>, out: Float32Array, offset: number): void {
  const rect = paddedBox(box, image.width, image.height, spec.pad ?? 0.1, spec.padMinPx ?? 2);
  squareInto(image, rect, spec, out, offset);
}

/**
 * vqa preprocessing: the view crop (floored/ceiled, clamped), bilinear-resized to `size × size`.
 * @throws ModelError INVALID_INPUT for an empty view.
 */
export function resizeView(image: RgbImage, view: Rect, spec: Pick<PreprocessSpec, 'size' | 'scale' | 'mean' | 'std'>): Float32Array {
  const out = new Float32Array(3 * spec.size * spec.size);
  resizeViewInto(image, view, spec, out, 0);
  return out;
}

/** {@link resizeView} written straight into `out` from `offset` (`3 × size × size` floats). */
export function resizeViewInto(image: RgbImage, view: Rect, spec: Pick<PreprocessSpec, 'size' | 'scale' | 'mean' | 'std'>, out: Float32Array, offset: number): void {
  squareInto(image, clampRect(view, image.width, image.height), spec, out, offset);
}

function squareInto(image: RgbImage, rect: Rect, spec: Pick<PreprocessSpec, 'size' | 'scale' | 'mean' | 'std'>, out: Float32Array, offset: number): void {
  const target = { out, offset, planeSize: spec.size * spec.size, rowStride: spec.size };
  resampleInto(image, rect, spec.size, spec.size, spec.scale, target);
  normaliseRegion(target, spec.size, spec.size, spec);
}
