import { isModelError } from '../errors';
import { encodeAnswersTarget, encodeCategoriesTarget, encodeGridTarget, GRID_TARGET_CHANNELS } from './distill-targets';

const GRID = { stride: 8, grid: 16 };
const IDENTITY = { scale: 1, originX: 0, originY: 0 };

function thrown(f: () => unknown): { field?: string; reason?: string } {
  try {
    f();
  } catch (error) {
    if (!isModelError(error)) throw error;
    return { field: error.metadata.field, reason: error.reason };
  }
  throw new Error('expected a throw');
}

/** The six channels of one cell of a grid target. */
function cell(target: { data: Float32Array }, index: number): number[] {
  return Array.from(target.data.subarray(index * GRID_TARGET_CHANNELS, (index + 1) * GRID_TARGET_CHANNELS));
}

describe('encodeAnswersTarget', () => {
  const labels = ['0', '1', 'red', 'yes', 'no'];

  it('maps answers onto the head labels, counts missing ones as 0 and renormalises', () => {
    const target = encodeAnswersTarget(labels, [
      { label: 'yes', score: 0.6 },
      { label: 'no', score: 0.2 },
    ]);
    expect(target.dims).toEqual([1, 5]);
    expect(Array.from(target.data)).toEqual([0, 0, 0, Math.fround(0.75), Math.fround(0.25)]);
  });

  it('refuses an answer outside the label space, a negative score and an all-zero distribution, naming the field', () => {
    expect(thrown(() => encodeAnswersTarget(labels, [{ label: 'blue', score: 1 }]))).toEqual({ field: 'answers.answers[0].label', reason: 'INVALID_INPUT' });
    expect(thrown(() => encodeAnswersTarget(labels, [{ label: 'red', score: 1 }, { label: 'yes', score: -1 }]))).toEqual({ field: 'answers.answers[1].score', reason: 'INVALID_INPUT' });
    expect(thrown(() => encodeAnswersTarget(labels, [{ label: 'red', score: 0 }]))).toEqual({ field: 'answers.answers', reason: 'INVALID_INPUT' });
  });
});

describe('encodeCategoriesTarget', () => {
  it('gives one renormalised row per box over the request categories', () => {
    const target = encodeCategoriesTarget(['circle', 'square'], [[{ label: 'square', score: 2 }], [{ label: 'circle', score: 0.5 }, { label: 'square', score: 0.5 }]], 2);
    expect(target.dims).toEqual([2, 2]);
    expect(Array.from(target.data)).toEqual([0, 1, 0.5, 0.5]);
  });

  it('refuses a distribution count that differs from the box count', () => {
    expect(thrown(() => encodeCategoriesTarget(['circle'], [[{ label: 'circle', score: 1 }]], 2)).field).toBe('categories.distributions');
    expect(thrown(() => encodeCategoriesTarget(['circle'], [[{ label: 'star', score: 1 }]], 1)).field).toBe('categories.distributions[0].scores[0].label');
  });
});

describe('encodeGridTarget', () => {
  it('puts each box in the cell holding its centre with canvas coordinates, objectness = score and the positive flag', () => {
    // centre (20, 36) → col 2, row 4 → cell 66
    const target = encodeGridTarget([{ x1: 10, y1: 30, x2: 30, y2: 42, score: 0.9 }], IDENTITY, GRID);
    expect(target.dims).toEqual([1, 256, 6]);
    expect(cell(target, 66)).toEqual([Math.fround(0.9), 20, 36, 20, 12, 1]);
    const others = Array.from(target.data).filter((_, i) => Math.floor(i / GRID_TARGET_CHANNELS) !== 66);
    expect(others.every((v) => v === 0)).toBe(true);
  });

  it('maps root pixels through the letterbox geometry: origin first, then scale', () => {
    // a view at (100, 50) shrunk by 0.5: root (140, 90)-(160, 110) → canvas (20, 20)-(30, 30), centre (25, 25) → cell 3·16+3
    const target = encodeGridTarget([{ x1: 140, y1: 90, x2: 160, y2: 110, score: 1 }], { scale: 0.5, originX: 100, originY: 50 }, GRID);
    expect(cell(target, 51)).toEqual([1, 25, 25, 10, 10, 1]);
  });

  it('keeps the higher-scoring box when two share a cell and leaves out boxes centred off the canvas', () => {
    const target = encodeGridTarget(
      [
        { x1: 0, y1: 0, x2: 6, y2: 6, score: 0.3 },
        { x1: 1, y1: 1, x2: 7, y2: 7, score: 0.8 },
        { x1: 0, y1: 0, x2: 2, y2: 2, score: 0.5 },
        { x1: 200, y1: 200, x2: 220, y2: 220, score: 1 },
      ],
      IDENTITY,
      GRID,
    );
    expect(cell(target, 0)).toEqual([Math.fround(0.8), 4, 4, 6, 6, 1]);
    expect(Array.from(target.data).filter((v, i) => i % GRID_TARGET_CHANNELS === 5 && v === 1)).toHaveLength(1);
  });

  it('refuses an inverted box and a score above 1', () => {
    expect(thrown(() => encodeGridTarget([{ x1: 5, y1: 5, x2: 4, y2: 9, score: 1 }], IDENTITY, GRID)).field).toBe('boxes.boxes[0]');
    expect(thrown(() => encodeGridTarget([{ x1: 1, y1: 1, x2: 4, y2: 9, score: 1.5 }], IDENTITY, GRID)).field).toBe('boxes.boxes[0].score');
  });
});
