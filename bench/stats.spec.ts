import { bootstrapMedianRatio, median } from './stats';

describe('bench statistics', () => {
  it('takes the middle value, or the mean of the middle two', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('brackets the ratio of medians with a bootstrap interval that is the same on a rerun', () => {
    const a = Array.from({ length: 40 }, (_, i) => 13 + (i % 7));
    const b = Array.from({ length: 40 }, (_, i) => 20 + ((i * 3) % 11));
    const ratio = median(a) / median(b);
    const interval = bootstrapMedianRatio(a, b);
    expect(interval.low).toBeLessThanOrEqual(ratio);
    expect(interval.high).toBeGreaterThanOrEqual(ratio);
    expect(interval.high).toBeGreaterThan(interval.low);
    expect(bootstrapMedianRatio(a, b)).toEqual(interval);
  });

  it('gives a narrower interval for steadier samples', () => {
    const noisy = bootstrapMedianRatio(Array.from({ length: 40 }, (_, i) => 10 + (i % 10)), Array.from({ length: 40 }, (_, i) => 20 + ((i * 7) % 20)));
    const steady = bootstrapMedianRatio(Array.from({ length: 40 }, (_, i) => 14 + (i % 2)), Array.from({ length: 40 }, (_, i) => 29 + ((i * 7) % 2)));
    expect(steady.high - steady.low).toBeLessThan(noisy.high - noisy.low);
  });
});
