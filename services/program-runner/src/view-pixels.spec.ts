import type { ImageValue } from '@vprog/program';
import type { RawImage } from '@vprog/world';
import { toCropBox, toRootDetection, viewPixels } from './view-pixels';

/** A 10×8 image whose red channel is the x coordinate and green the y coordinate. */
function gradient(): RawImage {
  const data = new Uint8Array(10 * 8 * 3);
  for (let y = 0; y < 8; y++) for (let x = 0; x < 10; x++) data.set([x, y, 0], (y * 10 + x) * 3);
  return { width: 10, height: 8, channels: 3, data };
}

describe('view pixels', () => {
  const images = new Map([['IMAGE', gradient()]]);
  const view: ImageValue = { kind: 'image', root: 'IMAGE', rect: { x1: 3, y1: 2, x2: 7, y2: 6 } };

  it("crops exactly the view's pixels and says where the crop sits", () => {
    const pixels = viewPixels(images, view);
    expect([pixels.width, pixels.height, pixels.origin]).toEqual([4, 4, { x: 3, y: 2 }]);
    const source = pixels.image.source;
    expect(source?.$case === 'raw' && [...source.value.data.subarray(0, 3)]).toEqual([3, 2, 0]);
  });

  it('translates module boxes to root coordinates, clamped to the view, and root boxes back', () => {
    const pixels = viewPixels(images, view);
    const root = toRootDetection({ xMin: 1.000001, yMin: 0, xMax: 9, yMax: 2, score: 0.5, label: 'x' }, pixels, view.rect);
    expect(root).toEqual({ x1: 4, y1: 2, x2: 7, y2: 4, score: 0.5 });
    expect(toCropBox(root, pixels)).toEqual({ xMin: 1, yMin: 0, xMax: 4, yMax: 2, score: 1, label: '' });
  });

  it('refuses a view of an image the run does not have', () => {
    expect(() => viewPixels(images, { ...view, root: 'LEFT' })).toThrow(expect.objectContaining({ code: 'INTERNAL' }));
  });
});
