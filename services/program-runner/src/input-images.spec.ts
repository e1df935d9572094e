import type { FieldViolation } from '@vprog/grpc-kit';
import { encodePng } from '@vprog/world';
import { decodeInputImages } from './input-images';

const raw = (width: number, height: number, channels: number, data: number[]) => ({ source: { $case: 'raw' as const, value: { width, height, channels, data: Buffer.from(data) } } });

describe('decodeInputImages', () => {
  it('turns grey, RGB and RGBA pixels into RGB, compositing alpha over white', () => {
    const violations: FieldViolation[] = [];
    const images = decodeInputImages({ G: raw(1, 1, 1, [9]), C: raw(1, 1, 3, [1, 2, 3]), A: raw(1, 1, 4, [0, 0, 0, 0]) }, 100, violations);
    expect(violations).toEqual([]);
    expect([...images.get('G')!.pixels.data]).toEqual([9, 9, 9]);
    expect([...images.get('C')!.pixels.data]).toEqual([1, 2, 3]);
    expect([...images.get('A')!.pixels.data]).toEqual([255, 255, 255]);
  });

  it('keeps the PNG a client sent, and encodes one only when raw pixels need it', () => {
    const png = encodePng({ width: 2, height: 1, channels: 3, data: new Uint8Array([1, 2, 3, 4, 5, 6]) });
    const images = decodeInputImages({ IMAGE: { source: { $case: 'encoded', value: png } }, RAW: raw(2, 1, 3, [1, 2, 3, 4, 5, 6]) }, 100, []);
    expect(images.get('IMAGE')!.png()).toBe(png);
    expect(images.get('RAW')!.png().equals(png)).toBe(true);
  });

  it('names every problem by its field: no images, bad names, JPEG, not a PNG, too many pixels, wrong lengths and channels', () => {
    const none: FieldViolation[] = [];
    decodeInputImages({}, 100, none);
    expect(none.map((v) => v.field)).toEqual(['images']);
    const violations: FieldViolation[] = [];
    decodeInputImages(
      {
        'not-a-name': raw(1, 1, 3, [0, 0, 0]),
        EMPTY: {},
        JPEG: { source: { $case: 'encoded', value: Buffer.from([0xff, 0xd8, 0xff, 0xe0]) } },
        TEXT: { source: { $case: 'encoded', value: Buffer.from('hello, this is not a png at all') } },
        BIG: raw(20, 20, 3, []),
        SHORT: raw(2, 2, 3, [1, 2, 3]),
        TWO: raw(1, 1, 2, [1, 2]),
      },
      100,
      violations,
    );
    expect(violations.map((v) => v.field)).toEqual(['images[not-a-name]', 'images[EMPTY]', 'images[JPEG].encoded', 'images[TEXT].encoded', 'images[BIG].raw', 'images[SHORT].raw.data', 'images[TWO].raw.channels']);
    expect(violations[2].description).toMatch(/JPEG is not supported/);
  });
});
