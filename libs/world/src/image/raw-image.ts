import { PNG } from 'pngjs';
import { createImageError } from './image-error';

/**
 * An uncompressed RGB image: the form the rasteriser draws into and the hot path between the
 * program runner and the modules carries (no PNG round trip per step).
 */
export interface RawImage {
  width: number;
  height: number;
  channels: 3;
  /** RGB bytes, row-major, `width * height * 3` long. */
  data: Uint8Array;
}

/** A crop rectangle in pixels; `x2`/`y2` are exclusive, like a scene {@link Box}. */
export interface CropRect {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/**
 * Allocates a black image. Throws an `IMAGE_INVALID` image error unless both sides are positive
 * integers.
 */
export function createRawImage(width: number, height: number): RawImage {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw createImageError('IMAGE_INVALID', `image size must be positive integers, got ${width}x${height}`);
  }
  return { width, height, channels: 3, data: new Uint8Array(width * height * 3) };
}

// Fixed encoder settings: Sub filter on every row and zlib's run-length strategy. RLE needs no
// hash chains, so its output does not depend on the zlib build's match finder (byte-identical
// PNGs everywhere), and it is fast on flat backgrounds.
const PNG_WRITE_OPTIONS = {
  colorType: 2,
  inputColorType: 2,
  inputHasAlpha: false,
  bitDepth: 8,
  deflateLevel: 9,
  deflateStrategy: 3,
  filterType: 1,
} as const;

/**
 * Encodes an image as an 8-bit RGB PNG with fixed settings, so that the same pixels always give
 * the same bytes. Throws an `IMAGE_INVALID` image error if `data` does not match the size.
 */
export function encodePng(img: RawImage): Buffer {
  if (img.data.length !== img.width * img.height * 3) {
    throw createImageError('IMAGE_INVALID', `image data has ${img.data.length} bytes, expected ${img.width * img.height * 3}`);
  }
  const data = Buffer.from(img.data.buffer, img.data.byteOffset, img.data.byteLength);
  return PNG.sync.write({ width: img.width, height: img.height, data } as PNG, PNG_WRITE_OPTIONS);
}

/**
 * Decodes any PNG (grey, palette, alpha, 16-bit) to 8-bit RGB; alpha is composited over white.
 * Throws an `INVALID_ARGUMENT`/`IMAGE_UNDECODABLE` image error on anything that is not a valid PNG.
 */
export function decodePng(buf: Buffer): RawImage {
  let png: PNG;
  try {
    png = PNG.sync.read(buf);
  } catch (cause) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    throw createImageError('IMAGE_UNDECODABLE', `image is not a decodable PNG: ${detail}`, cause);
  }
  const { width, height, data: rgba } = png;
  if (!(width > 0 && height > 0) || rgba.length < width * height * 4) {
    throw createImageError('IMAGE_UNDECODABLE', 'image is not a decodable PNG: empty or truncated pixel data');
  }
  const out = new Uint8Array(width * height * 3);
  for (let i = 0, o = 0; o < out.length; i += 4, o += 3) {
    const a = rgba[i + 3];
    if (a === 255) {
      out[o] = rgba[i];
      out[o + 1] = rgba[i + 1];
      out[o + 2] = rgba[i + 2];
    } else {
      const bg = 255 * (255 - a);
      out[o] = ((rgba[i] * a + bg + 127) / 255) | 0;
      out[o + 1] = ((rgba[i + 1] * a + bg + 127) / 255) | 0;
      out[o + 2] = ((rgba[i + 2] * a + bg + 127) / 255) | 0;
    }
  }
  return { width, height, channels: 3, data: out };
}

/**
 * Copies the part of `img` inside `rect` (x2/y2 exclusive). Coordinates are rounded outwards and
 * clamped to the image, and the result is at least 1×1 even for an empty or outside rectangle,
 * because a program step (CROP_*) must always hand the next step an image. Never throws.
 */
export function cropImage(img: RawImage, rect: CropRect): RawImage {
  const clamp = (v: number, lo: number, hi: number): number => (v < lo ? lo : v > hi ? hi : v);
  const finite = (v: number, fallback: number): number => (Number.isFinite(v) ? v : fallback);
  const x1 = clamp(Math.floor(finite(rect.x1, 0)), 0, img.width - 1);
  const y1 = clamp(Math.floor(finite(rect.y1, 0)), 0, img.height - 1);
  const x2 = clamp(Math.ceil(finite(rect.x2, img.width)), x1 + 1, img.width);
  const y2 = clamp(Math.ceil(finite(rect.y2, img.height)), y1 + 1, img.height);
  const w = x2 - x1;
  const h = y2 - y1;
  const out = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    const start = ((y1 + y) * img.width + x1) * 3;
    out.set(img.data.subarray(start, start + w * 3), y * w * 3);
  }
  return { width: w, height: h, channels: 3, data: out };
}
