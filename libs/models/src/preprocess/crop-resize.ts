import type { Rect, RgbImage } from '../image';
import type { PreprocessSpec } from '../manifest/manifest-schema';
import { resizeBilinear } from './bilinear';
import { clampRect, cropToFloat, roundHalfUp } from './crop-float';
import { normaliseChannels } from './normalise';

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
  const rect = paddedBox(box, image.width, image.height, spec.pad ?? 0.1, spec.padMinPx ?? 2);
  const crop = cropToFloat(image, rect, spec.scale);
  const resized = resizeBilinear(crop, 3, rect.y2 - rect.y1, rect.x2 - rect.x1, spec.size, spec.size);
  return normaliseChannels(resized === crop ? crop : resized, spec);
}

/**
 * vqa preprocessing: the view crop (floored/ceiled, clamped), bilinear-resized to `size × size`.
 * @throws ModelError INVALID_INPUT for an empty view.
 */
export function resizeView(image: RgbImage, view: Rect, spec: Pick<PreprocessSpec, 'size' | 'scale' | 'mean' | 'std'>): Float32Array {
  const rect = clampRect(view, image.width, image.height);
  const crop = cropToFloat(image, rect, spec.scale);
  return normaliseChannels(resizeBilinear(crop, 3, rect.y2 - rect.y1, rect.x2 - rect.x1, spec.size, spec.size), spec);
}
