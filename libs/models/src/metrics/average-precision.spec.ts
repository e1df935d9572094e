import { averagePrecision, matchDetections } from './average-precision';

const box = (x: number, score = 1) => ({ x1: x, y1: 0, x2: x + 10, y2: 10, score });

describe('matchDetections and averagePrecision', () => {
  it('score a perfect detector 1 and an empty one 0', () => {
    const truth = [box(0), box(50)];
    const hits = matchDetections([box(0, 0.9), box(50, 0.8)], truth);
    expect(hits.map((h) => h.hit)).toEqual([true, true]);
    expect(averagePrecision(hits, 2)).toBe(1);
    expect(averagePrecision([], 2)).toBe(0);
    expect(averagePrecision([], 0)).toBeNaN();
  });

  it('match each ground-truth box once, so a duplicate counts as a false positive', () => {
    const hits = matchDetections([box(0, 0.9), box(1, 0.8)], [box(0)]);
    expect(hits.map((h) => h.hit)).toEqual([true, false]);
  });

  it('penalise a confident false positive ranked first (all-point interpolation)', () => {
    const hits = [
      { score: 0.9, hit: false },
      { score: 0.8, hit: true },
      { score: 0.7, hit: true },
    ];
    expect(averagePrecision(hits, 2)).toBeCloseTo(2 / 3, 12);
    expect(averagePrecision(hits, 4)).toBeCloseTo(0.5 * (2 / 3), 12);
  });
});
