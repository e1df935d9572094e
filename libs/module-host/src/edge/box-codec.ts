import type { common } from '@vprog/proto-ts';
import type { Detection, Rect, RgbImage } from '@vprog/models';
import type { Violations } from './violations';

/**
 * Turns request boxes into rects in pixel coordinates, recording a violation for every box with a
 * non-finite (NaN, infinite) or negative coordinate, an inverted or empty extent, or no overlap
 * with the image.
 *
 * @returns the rects, in request order (only meaningful when no violation was added).
 */
export function decodeBoxes(boxes: readonly common.Box[], image: RgbImage | undefined, violations: Violations, field = 'boxes'): Rect[] {
  return boxes.map((box, i) => {
    const name = `${field}[${i}]`;
    const coords = [box.xMin, box.yMin, box.xMax, box.yMax];
    if (!coords.every(Number.isFinite)) violations.add(name, 'coordinates must be finite numbers (no NaN or infinity)');
    else if (coords.some((v) => v < 0)) violations.add(name, 'coordinates must not be negative');
    else if (!(box.xMax > box.xMin && box.yMax > box.yMin)) violations.add(name, 'x_max must exceed x_min and y_max must exceed y_min');
    else if (image !== undefined && (box.xMin >= image.width || box.yMin >= image.height)) violations.add(name, `the box lies outside the ${image.width}x${image.height} image`);
    return { x1: box.xMin, y1: box.yMin, x2: box.xMax, y2: box.yMax };
  });
}

/** The proto box of a rect (a given region: score 1 unless told otherwise). */
export function encodeRect(rect: Rect, label = '', score = 1): common.Box {
  return { xMin: rect.x1, yMin: rect.y1, xMax: rect.x2, yMax: rect.y2, score, label };
}

/**
 * The proto boxes of detections, best first as the predictor returned them, clipped to the image
 * (a detector's box may overhang the border; clients get boxes they can feed straight back into
 * another module, whose input boxes must lie within the image).
 */
export function encodeDetections(detections: readonly Detection[], image: { readonly width: number; readonly height: number }, label?: string): common.Box[] {
  const clip = (v: number, max: number): number => Math.min(Math.max(v, 0), max);
  return detections.map((d) =>
    encodeRect({ x1: clip(d.x1, image.width), y1: clip(d.y1, image.height), x2: clip(d.x2, image.width), y2: clip(d.y2, image.height) }, label ?? d.label ?? '', d.score),
  );
}
