import { PNG } from 'pngjs';
import { isImageError } from './image-error';
import { createRawImage, cropImage, decodePng, encodePng, type RawImage } from './raw-image';

function gradient(width: number, height: number): RawImage {
  const img = createRawImage(width, height);
  for (let i = 0; i < img.data.length; i++) img.data[i] = (i * 37) & 255;
  return img;
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('encodePng / decodePng', () => {
  it('round-trips pixels exactly', () => {
    const img = gradient(13, 7);
    const back = decodePng(encodePng(img));
    expect(back.width).toBe(13);
    expect(back.height).toBe(7);
    expect(back.channels).toBe(3);
    expect(Buffer.from(back.data).equals(Buffer.from(img.data))).toBe(true);
  });

  it('encodes the same pixels to the same bytes every time, even from a subarray view', () => {
    const img = gradient(16, 16);
    const backing = new Uint8Array(img.data.length + 10);
    backing.set(img.data, 5);
    const view: RawImage = { ...img, data: backing.subarray(5, 5 + img.data.length) };
    expect(encodePng(view).equals(encodePng(img))).toBe(true);
  });

  it('throws an INVALID_ARGUMENT / IMAGE_UNDECODABLE error on garbage and on a truncated PNG', () => {
    const garbage = thrown(() => decodePng(Buffer.from('definitely not a png')));
    expect(isImageError(garbage)).toBe(true);
    expect(garbage).toMatchObject({ code: 'INVALID_ARGUMENT', reason: 'IMAGE_UNDECODABLE' });
    const png = encodePng(gradient(8, 8));
    const truncated = thrown(() => decodePng(png.subarray(0, png.length - 20)));
    expect(truncated).toMatchObject({ code: 'INVALID_ARGUMENT', reason: 'IMAGE_UNDECODABLE' });
  });

  it('composites a transparent PNG over white', () => {
    const png = new PNG({ width: 2, height: 1 });
    png.data.set([255, 0, 0, 255, 0, 0, 0, 0]);
    const img = decodePng(PNG.sync.write(png));
    expect(Array.from(img.data)).toEqual([255, 0, 0, 255, 255, 255]);
  });

  it('refuses to encode data whose length does not match the size', () => {
    const bad: RawImage = { width: 4, height: 4, channels: 3, data: new Uint8Array(10) };
    expect(thrown(() => encodePng(bad))).toMatchObject({ code: 'INVALID_ARGUMENT', reason: 'IMAGE_INVALID' });
  });
});

describe('cropImage', () => {
  const img = gradient(10, 8);
  const pixel = (im: RawImage, x: number, y: number): number[] => Array.from(im.data.subarray((y * im.width + x) * 3, (y * im.width + x) * 3 + 3));

  it('copies the rectangle with exclusive x2/y2', () => {
    const crop = cropImage(img, { x1: 2, y1: 3, x2: 6, y2: 5 });
    expect([crop.width, crop.height]).toEqual([4, 2]);
    expect(pixel(crop, 0, 0)).toEqual(pixel(img, 2, 3));
    expect(pixel(crop, 3, 1)).toEqual(pixel(img, 5, 4));
  });

  it('clamps a rectangle that sticks out of the image', () => {
    const crop = cropImage(img, { x1: -5, y1: 6, x2: 40, y2: 99 });
    expect([crop.width, crop.height]).toEqual([10, 2]);
    expect(pixel(crop, 9, 1)).toEqual(pixel(img, 9, 7));
  });

  it('returns at least one pixel for an empty, inverted or outside rectangle', () => {
    expect([cropImage(img, { x1: 4, y1: 4, x2: 4, y2: 4 }).width, cropImage(img, { x1: 4, y1: 4, x2: 4, y2: 4 }).height]).toEqual([1, 1]);
    const inverted = cropImage(img, { x1: 6, y1: 5, x2: 2, y2: 1 });
    expect([inverted.width, inverted.height]).toEqual([1, 1]);
    const outside = cropImage(img, { x1: 50, y1: 50, x2: 60, y2: 60 });
    expect([outside.width, outside.height]).toEqual([1, 1]);
    expect(pixel(outside, 0, 0)).toEqual(pixel(img, 9, 7));
  });

  it('rounds fractional coordinates outwards', () => {
    const crop = cropImage(img, { x1: 1.6, y1: 2.2, x2: 3.1, y2: 4.9 });
    expect([crop.width, crop.height]).toEqual([3, 3]);
    expect(pixel(crop, 0, 0)).toEqual(pixel(img, 1, 2));
  });
});
