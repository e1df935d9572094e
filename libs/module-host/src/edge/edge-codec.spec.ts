import { encodePng } from '@vprog/world';
import { decodeBoxes, encodeDetections } from './box-codec';
import { decodeImage } from './image-codec';
import { createViolations } from './violations';

const limits = { maxPixels: 64 * 64 };
const raw = (width: number, height: number, channels: number, data: number[]) => ({ source: { $case: 'raw' as const, value: { width, height, channels, data: Buffer.from(data) } } });
const box = (xMin: number, yMin: number, xMax: number, yMax: number) => ({ xMin, yMin, xMax, yMax, score: 1, label: '' });

describe('decodeImage', () => {
  it('decodes a PNG to RGB', () => {
    const png = encodePng({ width: 2, height: 1, channels: 3, data: new Uint8Array([255, 0, 0, 0, 0, 255]) });
    const violations = createViolations();
    expect(decodeImage({ source: { $case: 'encoded', value: png } }, limits, violations)).toMatchObject({ width: 2, height: 1, data: new Uint8Array([255, 0, 0, 0, 0, 255]) });
    expect(violations.list).toEqual([]);
  });

  it('turns grey and RGBA pixels into RGB, alpha over white', () => {
    const violations = createViolations();
    expect(decodeImage(raw(2, 1, 1, [10, 200]), limits, violations)?.data).toEqual(new Uint8Array([10, 10, 10, 200, 200, 200]));
    expect(decodeImage(raw(2, 1, 4, [10, 20, 30, 255, 0, 0, 0, 0]), limits, violations)?.data).toEqual(new Uint8Array([10, 20, 30, 255, 255, 255]));
    expect(violations.list).toEqual([]);
  });

  it('refuses a PNG over the pixel limit from its header, before decoding it', () => {
    const png = encodePng({ width: 65, height: 64, channels: 3, data: new Uint8Array(65 * 64 * 3) });
    png.writeUInt32BE(0, png.length - 20); // spoil the pixel data: only the header may be read
    const violations = createViolations();
    expect(decodeImage({ source: { $case: 'encoded', value: png } }, limits, violations)).toBeUndefined();
    expect(violations.list).toEqual([{ field: 'image.encoded', description: expect.stringMatching(/65x64 = 4160 pixels, more than the limit of 4096/) }]);
  });

  it('names what is wrong with bad images, field by field', () => {
    const violations = createViolations();
    decodeImage(undefined, limits, violations);
    decodeImage({ source: { $case: 'encoded', value: Buffer.from([0xff, 0xd8, 0xff, 0xdb]) } }, limits, violations, 'left');
    decodeImage({ source: { $case: 'encoded', value: Buffer.from('GIF89a') } }, limits, violations, 'right');
    decodeImage(raw(0, 2, 5, []), limits, violations, 'third');
    decodeImage(raw(2, 2, 3, [1, 2, 3]), limits, violations, 'fourth');
    expect(violations.list.map((v) => `${v.field}: ${v.description}`)).toEqual([
      'image: an image is required (set encoded PNG bytes or raw pixels)',
      'left.encoded: only PNG and raw images are supported (JPEG is not)',
      'right.encoded: the image is not a decodable PNG',
      'third.raw.width: must be positive',
      'third.raw.channels: must be 1, 3 or 4, got 5',
      'fourth.raw.data: has 3 bytes, expected width * height * channels = 12',
    ]);
    expect(() => violations.throwIfAny('bad')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', reason: 'BAD_REQUEST' }));
  });
});

describe('decodeBoxes', () => {
  it('accepts boxes within the image and flags NaN, negative, inverted and outside ones', () => {
    const violations = createViolations();
    const image = { width: 100, height: 50, channels: 3 as const, data: new Uint8Array(0) };
    const rects = decodeBoxes([box(1, 2, 30, 40), box(Number.NaN, 0, 5, 5), box(-1, 0, 5, 5), box(5, 5, 5, 9), box(100, 0, 120, 10), box(0, 0, Infinity, 3)], image, violations);
    expect(rects[0]).toEqual({ x1: 1, y1: 2, x2: 30, y2: 40 });
    expect(violations.list.map((v) => v.field)).toEqual(['boxes[1]', 'boxes[2]', 'boxes[3]', 'boxes[4]', 'boxes[5]']);
  });
});

describe('encodeDetections', () => {
  it('clips boxes that overhang the image and keeps their scores and order', () => {
    const boxes = encodeDetections([{ x1: -3, y1: 10, x2: 20, y2: 140, score: 0.9 }, { x1: 5, y1: 5, x2: 9, y2: 9, score: 0.2 }], { width: 128, height: 128 }, 'red circle');
    expect(boxes).toEqual([
      { xMin: 0, yMin: 10, xMax: 20, yMax: 128, score: 0.9, label: 'red circle' },
      { xMin: 5, yMin: 5, xMax: 9, yMax: 9, score: 0.2, label: 'red circle' },
    ]);
  });
});
