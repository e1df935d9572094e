import { SHAPES } from '../vocabulary';
import { coverage } from './rasteriser';
import { isTightBox, shapeHeight, shapeSpans } from './shape-geometry';

describe('shape geometry', () => {
  it('makes every box size the scene generator can choose the tight box of the drawn shape, wherever it sits', () => {
    const loose: string[] = [];
    for (const shape of SHAPES) {
      for (let w = 7; w <= 64; w++) {
        for (const [x, y] of [[1, 1], [17, 40], [90, 3]]) {
          const box = { x1: x, y1: y, x2: x + w, y2: y + shapeHeight(shape, w) };
          if (!isTightBox(shape, box)) loose.push(`${shape} ${w} at ${x},${y}`);
        }
      }
    }
    expect(loose).toEqual([]);
  });

  it('fills the middle of every shape completely and leaves the top corners of its box empty (except the square)', () => {
    for (const shape of SHAPES) {
      const box = { x1: 10, y1: 10, x2: 40, y2: 10 + shapeHeight(shape, 30) };
      const { rect, counts } = coverage(box, shapeSpans(shape, box), 64, 64);
      const w = rect.x2 - rect.x1;
      const h = rect.y2 - rect.y1;
      const centreY = shape === 'triangle' ? Math.floor((2 * h) / 3) : Math.floor(h / 2);
      expect(counts[centreY * w + Math.floor(w / 2)]).toBe(16);
      if (shape !== 'square') expect(counts[0] + counts[w - 1]).toBe(0);
    }
  });

  it('shrinks the inner fill by the inset on every side', () => {
    const box = { x1: 5, y1: 5, x2: 35, y2: 35 };
    const { rect, counts } = coverage(box, shapeSpans('square', box, 2), 64, 64);
    const w = rect.x2 - rect.x1;
    expect(counts[1 * w + 15]).toBe(0);
    expect(counts[2 * w + 15]).toBe(16);
    expect(counts[15 * w + 27]).toBe(16);
    expect(counts[15 * w + 28]).toBe(0);
  });
});
