import { labelFromBoxes } from './teacher-label';

const box = (xMin: number, yMin: number, xMax: number, yMax: number, score: number) => ({ xMin, yMin, xMax, yMax, score, label: 'face' });

describe('a detector teacher answer as a distillation target', () => {
  it('keeps only the confident, non-degenerate boxes', () => {
    const result = labelFromBoxes([box(10, 10, 10, 30, 0.9), box(5, 5, 25, 25, 0.8), box(40, 40, 60, 60, 0.2)], 0.5);
    expect(result.kept).toBe(true);
    if (!result.kept || result.target.$case !== 'boxes') throw new Error('expected a boxes target');
    expect(result.target.value.boxes).toEqual([box(5, 5, 25, 25, 0.8)]);
    expect(result.confidence).toBe(0.8);
  });

  it('turns an answer with no confident box into a confident "nothing here"', () => {
    expect(labelFromBoxes([], 0.5)).toMatchObject({ kept: true, confidence: 1, target: { $case: 'boxes', value: { boxes: [] } } });
    expect(labelFromBoxes([box(1, 1, 9, 9, 0.2), box(1, 1, 1, 1, 0.99)], 0.5)).toMatchObject({ kept: true, target: { $case: 'boxes', value: { boxes: [] } } });
  });
});
