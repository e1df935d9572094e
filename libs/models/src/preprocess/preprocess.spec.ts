import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isModelError } from '../errors';
import { rectFromTuple, type RgbImage } from '../image';
import { resizeBilinear } from './bilinear';
import { clampRect, cropToFloat } from './crop-float';
import { cropResize, paddedBox, resizeView, resizeViewInto } from './crop-resize';
import { letterbox, letterboxInto } from './letterbox';
import { resampleInto } from './resample';

interface ReferenceCase {
  op: 'bilinear' | 'letterbox' | 'crop-resize' | 'resize';
  height: number;
  width: number;
  image: string;
  output: string;
  outHeight?: number;
  outWidth?: number;
  size?: number;
  view?: number[];
  box?: number[];
  scale?: number;
  origin?: number[];
}

const reference = JSON.parse(readFileSync(join(__dirname, 'reference', 'bilinear-reference.json'), 'utf8')) as {
  cases: ReferenceCase[];
};
const pixels = { scale: 1 / 255, mean: [0, 0, 0], std: [1, 1, 1] };

function imageOf(c: ReferenceCase): RgbImage {
  return { width: c.width, height: c.height, channels: 3, data: new Uint8Array(Buffer.from(c.image, 'base64')) };
}

function floats(b64: string): Float32Array {
  const bytes = Buffer.from(b64, 'base64');
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

function run(c: ReferenceCase): Float32Array {
  const image = imageOf(c);
  switch (c.op) {
    case 'bilinear': {
      const chw = cropToFloat(image, { x1: 0, y1: 0, x2: c.width, y2: c.height });
      return resizeBilinear(chw, 3, c.height, c.width, c.outHeight ?? 0, c.outWidth ?? 0);
    }
    case 'letterbox': {
      const result = letterbox(image, rectFromTuple(c.view ?? []), { ...pixels, size: c.size ?? 0 });
      expect(result.scale).toBeCloseTo(c.scale ?? 0, 12);
      expect([result.originX, result.originY]).toEqual(c.origin);
      return result.data;
    }
    case 'crop-resize':
      return cropResize(image, rectFromTuple(c.box ?? []), { ...pixels, size: c.size ?? 0, pad: 0.1, padMinPx: 2 });
    case 'resize':
      return resizeView(image, rectFromTuple(c.view ?? []), { ...pixels, size: c.size ?? 0 });
  }
}

describe('preprocessing against PyTorch', () => {
  it.each(reference.cases.map((c, i) => [`${i}: ${c.op} ${c.width}x${c.height}`, c] as const))(
    'reproduces case %s within 1e-6',
    (_label, c) => {
      expect(maxAbsDiff(run(c), floats(c.output))).toBeLessThanOrEqual(1e-6);
    },
  );

  it('covers downscaling, upscaling, identity and every pipeline', () => {
    const ops = new Set(reference.cases.map((c) => c.op));
    expect([...ops].sort()).toEqual(['bilinear', 'crop-resize', 'letterbox', 'resize']);
    const bilinear = reference.cases.filter((c) => c.op === 'bilinear');
    expect(bilinear.some((c) => (c.outWidth ?? 0) < c.width)).toBe(true);
    expect(bilinear.some((c) => (c.outWidth ?? 0) > c.width)).toBe(true);
  });
});

describe('preprocessing geometry', () => {
  it('pads a classify box by 10% rounded half up, at least 2 px, clamped to the image', () => {
    expect(paddedBox({ x1: 10, y1: 10, x2: 25, y2: 40 }, 128, 128, 0.1, 2)).toEqual({ x1: 8, y1: 7, x2: 27, y2: 43 });
    expect(paddedBox({ x1: 0, y1: 100, x2: 50, y2: 128 }, 128, 128, 0.1, 2)).toEqual({ x1: 0, y1: 97, x2: 55, y2: 128 });
  });

  it('leaves a view that fits the canvas unscaled at the top-left of a zero canvas', () => {
    const image: RgbImage = { width: 4, height: 4, channels: 3, data: new Uint8Array(48).fill(255) };
    const result = letterbox(image, { x1: 1, y1: 2, x2: 3, y2: 4 }, { ...pixels, size: 8 });
    expect(result.scale).toBe(1);
    expect([result.originX, result.originY]).toEqual([1, 2]);
    expect(result.data[0]).toBe(1);
    expect(result.data[1]).toBe(1);
    expect(result.data[2]).toBe(0);
    expect(result.data[2 * 8]).toBe(0);
  });

  it('rejects an empty view with a typed INVALID_INPUT error', () => {
    let error: unknown;
    try {
      clampRect({ x1: 50, y1: 5, x2: 50, y2: 9 }, 128, 128);
    } catch (e) {
      error = e;
    }
    expect(isModelError(error) && error.reason).toBe('INVALID_INPUT');
  });
});

describe('the fused crop + resize kernel', () => {
  /** A deterministic pseudo-random image (no Math.random: a failure must reproduce). */
  function noiseImage(width: number, height: number, seed: number): RgbImage {
    const data = new Uint8Array(width * height * 3);
    let state = seed;
    for (let i = 0; i < data.length; i++) {
      state = (state * 1103515245 + 12345) >>> 0;
      data[i] = state >>> 24;
    }
    return { width, height, channels: 3, data };
  }

  const cases = [
    { rect: { x1: 3, y1: 5, x2: 203, y2: 155 }, outHeight: 96, outWidth: 128 },
    { rect: { x1: 0, y1: 0, x2: 240, y2: 160 }, outHeight: 32, outWidth: 32 },
    { rect: { x1: 17, y1: 9, x2: 30, y2: 20 }, outHeight: 32, outWidth: 32 },
    { rect: { x1: 40, y1: 60, x2: 168, y2: 124 }, outHeight: 64, outWidth: 128 },
  ];

  it.each(cases)('equals cropToFloat then resizeBilinear bit for bit (%o)', ({ rect, outHeight, outWidth }) => {
    const image = noiseImage(240, 160, rect.x1 * 31 + rect.y2);
    const expected = resizeBilinear(cropToFloat(image, rect), 3, rect.y2 - rect.y1, rect.x2 - rect.x1, outHeight, outWidth);
    const out = new Float32Array(5 + 3 * outHeight * outWidth);
    resampleInto(image, rect, outHeight, outWidth, 1 / 255, { out, offset: 5, planeSize: outHeight * outWidth, rowStride: outWidth });
    expect(out.subarray(0, 5)).toEqual(new Float32Array(5));
    expect(Array.from(out.subarray(5))).toEqual(Array.from(expected));
  });

  it('writes each image of a batch at its own offset, as the standalone functions would', () => {
    const image = noiseImage(200, 150, 7);
    const spec = { ...pixels, size: 32 };
    const batch = new Float32Array(2 * 3 * 32 * 32).fill(9);
    resizeViewInto(image, { x1: 10, y1: 10, x2: 110, y2: 90 }, spec, batch, 0);
    letterboxInto(image, { x1: 0, y1: 0, x2: 200, y2: 150 }, spec, batch, 3 * 32 * 32);
    expect(Array.from(batch.subarray(0, 3 * 32 * 32))).toEqual(Array.from(resizeView(image, { x1: 10, y1: 10, x2: 110, y2: 90 }, spec)));
    expect(Array.from(batch.subarray(3 * 32 * 32))).toEqual(Array.from(letterbox(image, { x1: 0, y1: 0, x2: 200, y2: 150 }, spec).data));
  });

  it('normalises only the pixels it wrote, per channel', () => {
    const image: RgbImage = { width: 2, height: 2, channels: 3, data: new Uint8Array(12).fill(255) };
    const spec = { scale: 1 / 255, mean: [0.5, 0, 1], std: [0.5, 2, 1], size: 4 };
    const { data } = letterbox(image, { x1: 0, y1: 0, x2: 2, y2: 2 }, spec);
    expect([data[0], data[16], data[32]]).toEqual([1, 0.5, 0]);
    expect([data[2], data[16 + 2], data[32 + 8]]).toEqual([0, 0, 0]);
  });
});
