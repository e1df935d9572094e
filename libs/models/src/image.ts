/**
 * The image and geometry types predictors take. They match `@vprog/world`'s RawImage and
 * `@vprog/program`'s Rect/Detection structurally, so callers pass those values straight in
 * without this library depending on either.
 */

/** An RGB image, row-major, `width * height * 3` bytes. */
export interface RgbImage {
  readonly width: number;
  readonly height: number;
  readonly channels: 3;
  readonly data: Uint8Array;
}

/** An axis-aligned rectangle in root-image pixels; x2/y2 are exclusive. */
export interface Rect {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
}

/** A detection in root-image pixels with its score and an optional label. */
export interface Detection extends Rect {
  readonly score: number;
  readonly label?: string;
}

/** The whole image as a rect. */
export function fullRect(image: RgbImage): Rect {
  return { x1: 0, y1: 0, x2: image.width, y2: image.height };
}

/** A `[x1, y1, x2, y2]` tuple (the module datasets' and manifests' form) as a {@link Rect}. */
export function rectFromTuple(box: readonly number[]): Rect {
  return { x1: box[0], y1: box[1], x2: box[2], y2: box[3] };
}
