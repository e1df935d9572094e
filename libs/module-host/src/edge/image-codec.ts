import type { common } from '@vprog/proto-ts';
import type { RgbImage } from '@vprog/models';
import { decodePng } from '@vprog/world';
import type { Violations } from './violations';

/** Limits on the images a service accepts. */
export interface ImageLimits {
  /** The most pixels (width × height) an image may have; larger ones are refused before decoding. */
  readonly maxPixels: number;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG_MAGIC = Buffer.from([0xff, 0xd8, 0xff]);

/**
 * Turns a proto `Image` into the RGB image the predictors take, or records why it cannot:
 * missing image, undecodable bytes, JPEG (no JPEG decoder ships with vprog — clients send PNG or
 * raw pixels), more pixels than `limits.maxPixels` (checked from the PNG header before any pixel
 * is inflated), raw data whose length does not match, or a channel count other than 1, 3 or 4.
 * Grey and RGBA pixels are converted to RGB (alpha over white, as the PNG decoder does).
 *
 * @returns the image, or undefined when a violation was added to `violations`.
 */
export function decodeImage(image: common.Image | undefined, limits: ImageLimits, violations: Violations, field = 'image'): RgbImage | undefined {
  const source = image?.source;
  if (source === undefined) {
    violations.add(field, 'an image is required (set encoded PNG bytes or raw pixels)');
    return undefined;
  }
  if (source.$case === 'encoded') return decodeEncoded(source.value, limits, violations, `${field}.encoded`);
  return decodeRaw(source.value, limits, violations, `${field}.raw`);
}

function decodeEncoded(bytes: Buffer, limits: ImageLimits, violations: Violations, field: string): RgbImage | undefined {
  if (bytes.length === 0) {
    violations.add(field, 'the encoded image is empty');
    return undefined;
  }
  if (bytes.subarray(0, 3).equals(JPEG_MAGIC)) {
    violations.add(field, 'only PNG and raw images are supported (JPEG is not)');
    return undefined;
  }
  if (!bytes.subarray(0, 8).equals(PNG_SIGNATURE) || bytes.length < 24) {
    violations.add(field, 'the image is not a decodable PNG');
    return undefined;
  }
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  if (!withinLimit(width, height, limits, violations, field)) return undefined;
  try {
    return decodePng(bytes);
  } catch (error) {
    violations.add(field, error instanceof Error ? error.message : 'the image is not a decodable PNG');
    return undefined;
  }
}

function decodeRaw(raw: common.RawImage, limits: ImageLimits, violations: Violations, field: string): RgbImage | undefined {
  const { width, height, channels, data } = raw;
  const before = violations.list.length;
  if (!(width > 0)) violations.add(`${field}.width`, 'must be positive');
  if (!(height > 0)) violations.add(`${field}.height`, 'must be positive');
  if (![1, 3, 4].includes(channels)) violations.add(`${field}.channels`, `must be 1, 3 or 4, got ${channels}`);
  if (violations.list.length > before) return undefined;
  if (!withinLimit(width, height, limits, violations, field)) return undefined;
  if (data.length !== width * height * channels) {
    violations.add(`${field}.data`, `has ${data.length} bytes, expected width * height * channels = ${width * height * channels}`);
    return undefined;
  }
  return { width, height, channels: 3, data: toRgb(data, channels) };
}

function withinLimit(width: number, height: number, limits: ImageLimits, violations: Violations, field: string): boolean {
  if (width === 0 || height === 0) {
    violations.add(field, 'the image has no pixels');
    return false;
  }
  if (width * height > limits.maxPixels) {
    violations.add(field, `the image has ${width}x${height} = ${width * height} pixels, more than the limit of ${limits.maxPixels}`);
    return false;
  }
  return true;
}

function toRgb(data: Uint8Array, channels: number): Uint8Array {
  if (channels === 3) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const pixels = data.length / channels;
  const out = new Uint8Array(pixels * 3);
  for (let p = 0; p < pixels; p++) {
    if (channels === 1) {
      out[p * 3] = out[p * 3 + 1] = out[p * 3 + 2] = data[p];
      continue;
    }
    const a = data[p * 4 + 3];
    for (let c = 0; c < 3; c++) out[p * 3 + c] = a === 255 ? data[p * 4 + c] : ((data[p * 4 + c] * a + 255 * (255 - a) + 127) / 255) | 0;
  }
  return out;
}
