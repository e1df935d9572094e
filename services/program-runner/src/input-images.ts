import type { FieldViolation } from '@vprog/grpc-kit';
import type { common } from '@vprog/proto-ts';
import { decodePng, encodePng, type RawImage } from '@vprog/world';

/** One decoded input image of a run. */
export interface InputImage {
  readonly name: string;
  readonly pixels: RawImage;
  /** PNG bytes of the image (the client's own PNG, or encoded on first use for raw input). */
  png(): Buffer;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG_MAGIC = Buffer.from([0xff, 0xd8, 0xff]);
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

function lazyPng(pixels: RawImage, given?: Buffer): () => Buffer {
  let png = given;
  return () => (png ??= encodePng(pixels));
}

function fromRaw(raw: common.RawImage, field: string, maxPixels: number, violations: FieldViolation[]): RawImage | undefined {
  const { width, height, channels, data } = raw;
  if (!(width > 0 && height > 0)) return void violations.push({ field: `${field}.width`, description: `width and height must be positive, got ${width}x${height}` });
  if (width * height > maxPixels) return void violations.push({ field, description: `the image has ${width * height} pixels; at most ${maxPixels} are accepted` });
  if (![1, 3, 4].includes(channels)) return void violations.push({ field: `${field}.channels`, description: `channels must be 1, 3 or 4, got ${channels}` });
  if (data.length !== width * height * channels) {
    return void violations.push({ field: `${field}.data`, description: `expected ${width * height * channels} bytes (width*height*channels), got ${data.length}` });
  }
  const out = new Uint8Array(width * height * 3);
  for (let p = 0; p < width * height; p++) {
    const i = p * channels;
    if (channels === 1) out.fill(data[i], p * 3, p * 3 + 3);
    else if (channels === 3 || data[i + 3] === 255) out.set(data.subarray(i, i + 3), p * 3);
    else {
      const a = data[i + 3];
      for (let c = 0; c < 3; c++) out[p * 3 + c] = ((data[i + c] * a + 255 * (255 - a) + 127) / 255) | 0;
    }
  }
  return { width, height, channels: 3, data: out };
}

function fromEncoded(bytes: Buffer, field: string, maxPixels: number, violations: FieldViolation[]): RawImage | undefined {
  if (bytes.subarray(0, 3).equals(JPEG_MAGIC)) return void violations.push({ field, description: 'JPEG is not supported: send PNG bytes or raw pixels' });
  if (bytes.length < 24 || !bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return void violations.push({ field, description: 'the image is not a decodable PNG' });
  const pixels = bytes.readUInt32BE(16) * bytes.readUInt32BE(20);
  if (pixels > maxPixels) return void violations.push({ field, description: `the image has ${pixels} pixels; at most ${maxPixels} are accepted` });
  try {
    return decodePng(bytes);
  } catch (error) {
    return void violations.push({ field, description: error instanceof Error ? error.message : 'the image is not a decodable PNG' });
  }
}

/**
 * Decodes the images of an Execute request (PNG or raw grey/RGB/RGBA pixels) into RGB, keyed by
 * variable name. Every problem is added to `violations` with its proto path (`images[LEFT].encoded`):
 * no image at all, a name that is not a variable name, an image with no source, JPEG bytes, bytes
 * that are not a PNG, a size over `maxPixels`, raw data of the wrong length or channel count.
 * Throws nothing.
 */
export function decodeInputImages(images: Readonly<Record<string, common.Image>>, maxPixels: number, violations: FieldViolation[]): Map<string, InputImage> {
  const decoded = new Map<string, InputImage>();
  const entries = Object.entries(images);
  if (entries.length === 0) violations.push({ field: 'images', description: 'at least one image is required (IMAGE, or LEFT and RIGHT)' });
  for (const [name, image] of entries) {
    const field = `images[${name}]`;
    if (!IDENTIFIER.test(name)) {
      violations.push({ field, description: `'${name}' is not a variable name such as IMAGE, LEFT or RIGHT` });
      continue;
    }
    const source = image.source;
    if (source === undefined) {
      violations.push({ field, description: 'the image has neither encoded bytes nor raw pixels' });
      continue;
    }
    const pixels = source.$case === 'encoded' ? fromEncoded(source.value, `${field}.encoded`, maxPixels, violations) : fromRaw(source.value, `${field}.raw`, maxPixels, violations);
    if (pixels !== undefined) decoded.set(name, { name, pixels, png: lazyPng(pixels, source.$case === 'encoded' ? source.value : undefined) });
  }
  return decoded;
}
