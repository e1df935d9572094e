import { internal } from '@vprog/grpc-kit';
import type { Detection, ImageValue, Rect } from '@vprog/program';
import type { common } from '@vprog/proto-ts';
import { cropImage, type RawImage } from '@vprog/world';

/** The pixels a module sees for a view, and where they sit in the root image. */
export interface ViewPixels {
  /** The raw RGB crop, ready for the proto `Image.raw` (the hot path: no PNG round trip). */
  readonly image: common.Image;
  /** The crop's top-left corner in root pixels: add it to a module's boxes to get root coordinates. */
  readonly origin: { readonly x: number; readonly y: number };
  readonly width: number;
  readonly height: number;
}

/** Rounds a coordinate to 1/100 px: float32 noise off, sub-pixel boxes kept. */
const round = (v: number): number => Math.round(v * 100) / 100;

/**
 * Crops a view's pixels out of its root image. The crop rounds the view outwards and clamps it to
 * the image (as `cropImage` does); `origin` is that crop's corner.
 * @throws VprogError INTERNAL when the view's root is not an input of the run (validation prevents it).
 */
export function viewPixels(images: ReadonlyMap<string, RawImage>, view: ImageValue): ViewPixels {
  const root = images.get(view.root);
  if (root === undefined) throw internal(`no pixels for input ${view.root}`);
  const crop = cropImage(root, view.rect);
  const origin = {
    x: Math.min(Math.max(Math.floor(view.rect.x1), 0), root.width - 1),
    y: Math.min(Math.max(Math.floor(view.rect.y1), 0), root.height - 1),
  };
  const data = Buffer.from(crop.data.buffer, crop.data.byteOffset, crop.data.byteLength);
  return { image: { source: { $case: 'raw', value: { width: crop.width, height: crop.height, channels: 3, data } } }, origin, width: crop.width, height: crop.height };
}

/** A module's box (crop pixels) as a detection in root pixels, clamped to the view. Throws nothing. */
export function toRootDetection(box: common.Box, pixels: ViewPixels, view: Rect): Detection {
  const clampX = (x: number) => Math.min(Math.max(x, view.x1), view.x2);
  const clampY = (y: number) => Math.min(Math.max(y, view.y1), view.y2);
  return {
    x1: round(clampX(box.xMin + pixels.origin.x)),
    y1: round(clampY(box.yMin + pixels.origin.y)),
    x2: round(clampX(box.xMax + pixels.origin.x)),
    y2: round(clampY(box.yMax + pixels.origin.y)),
    score: box.score,
  };
}

/** A detection in root pixels as a proto box in the crop's pixels (score 1, no label: a given box). Throws nothing. */
export function toCropBox(detection: Detection, pixels: ViewPixels): common.Box {
  const x = (v: number) => Math.min(Math.max(v - pixels.origin.x, 0), pixels.width);
  const y = (v: number) => Math.min(Math.max(v - pixels.origin.y, 0), pixels.height);
  return { xMin: x(detection.x1), yMin: y(detection.y1), xMax: x(detection.x2), yMax: y(detection.y2), score: 1, label: '' };
}
