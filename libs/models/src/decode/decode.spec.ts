import { gridWith } from '../testing/grids';
import { canvasToRoot, decodeGrid } from './grid-decode';
import { greedyNms, iou } from './nms';
import { argmax, sigmoid, softmax, topK } from './softmax';

const SPEC = { stride: 8, grid: 16, boxScale: 16, nmsIou: 0.5 };

describe('decodeGrid', () => {
  it('turns a cell into a box centred at (col + sigmoid(dx))·8 with size exp(logW)·16', () => {
    const grid = gridWith([{ cell: 17, logit: 2 }]);
    const [box] = decodeGrid(grid, 0, 5, SPEC);
    expect(box).toMatchObject({ x1: 4, y1: 4, x2: 20, y2: 20, cell: 17 });
    expect(box.score).toBeCloseTo(sigmoid(2), 6);
    const [moved] = decodeGrid(gridWith([{ cell: 16 * 3 + 5, logit: 2, dx: 10, dy: -10, logW: Math.log(2), logH: 0 }]), 0, 5, SPEC);
    expect(moved.x1 + (moved.x2 - moved.x1) / 2).toBeCloseTo((5 + sigmoid(10)) * 8, 5);
    expect(moved.y1 + (moved.y2 - moved.y1) / 2).toBeCloseTo((3 + sigmoid(-10)) * 8, 5);
    expect(moved.x2 - moved.x1).toBeCloseTo(32, 5);
  });

  it('keeps only scores strictly above the threshold and at most maxBoxes', () => {
    const grid = gridWith([{ cell: 0, logit: 0 }, { cell: 100, logit: 3 }, { cell: 200, logit: 2 }]);
    expect(decodeGrid(grid, 0, 5, SPEC, { scoreThreshold: 0.5 }).map((d) => d.cell)).toEqual([100, 200]);
    expect(decodeGrid(grid, 0, 5, SPEC, { maxBoxes: 1 }).map((d) => d.cell)).toEqual([100]);
  });

  it('suppresses an overlapping weaker box and reads a grid at an offset (batch item 2)', () => {
    const one = gridWith([{ cell: 17, logit: 3 }, { cell: 18, logit: 2, dx: -3 }]);
    const batch = new Float32Array(one.length * 2);
    batch.set(one, one.length);
    const found = decodeGrid(batch, one.length, 5, SPEC);
    expect(found.map((d) => d.cell)).toEqual([17]);
  });

  it('uses replacement scores (a teacher adapter) instead of objectness when given', () => {
    const grid = gridWith([{ cell: 1, logit: 5 }, { cell: 2, logit: 5, dx: 10 }]);
    const scores = new Float64Array(256);
    scores[2] = 0.9;
    expect(decodeGrid(grid, 0, 5, SPEC, { scores }).map((d) => d.cell)).toEqual([2]);
  });

  it('maps canvas boxes back to root pixels through the letterbox scale and view origin', () => {
    const [root] = canvasToRoot([{ x1: 4, y1: 8, x2: 20, y2: 24, score: 0.5, cell: 0 }], { scale: 0.5, originX: 10, originY: 20 }, 'face');
    expect(root).toEqual({ x1: 18, y1: 36, x2: 50, y2: 68, score: 0.5, label: 'face' });
  });
});

describe('greedyNms', () => {
  it('keeps the best box of an overlapping pair and breaks score ties by index', () => {
    const a = { x1: 0, y1: 0, x2: 10, y2: 10 };
    const b = { x1: 1, y1: 1, x2: 11, y2: 11 };
    const c = { x1: 50, y1: 50, x2: 60, y2: 60 };
    expect(iou(a, b)).toBeGreaterThan(0.5);
    expect(greedyNms([a, b, c], [0.5, 0.9, 0.7], 0.5, 10)).toEqual([1, 2]);
    expect(greedyNms([a, b], [0.8, 0.8], 0.5, 10)).toEqual([0]);
  });
});

describe('softmax and ranking', () => {
  it('normalises a slice of logits stably and ranks answers with ties by index', () => {
    const p = softmax([1000, 1000, 0, 5], 0, 2);
    expect(p).toEqual([0.5, 0.5]);
    const q = softmax([0, Math.log(3)]);
    expect(q[1]).toBeCloseTo(0.75, 12);
    expect(topK([0.1, 0.5, 0.5, 0.2], 3)).toEqual([1, 2, 3]);
    expect(argmax([1, 3, 3])).toBe(1);
  });
});
