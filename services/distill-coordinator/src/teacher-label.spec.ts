import type { model } from '@vprog/proto-ts';
import { labelFromBoxes, type LabelResult } from './teacher-label';

const judge = (target: NonNullable<model.DistillExample['target']>, confidence: number): LabelResult =>
  confidence >= 0.5 ? { kept: true, target, confidence } : { kept: false, reason: 'low-confidence', confidence };
const box = (xMin: number, yMin: number, xMax: number, yMax: number, score: number) => ({ xMin, yMin, xMax, yMax, score, label: 'face' });

describe('a detector teacher answer as a distillation target', () => {
  it('drops boxes clipped to nothing and keeps the rest', () => {
    const result = labelFromBoxes([box(10, 10, 10, 30, 0.9), box(5, 5, 25, 25, 0.8)], judge);
    expect(result.kept).toBe(true);
    if (!result.kept || result.target.$case !== 'boxes') throw new Error('expected a boxes target');
    expect(result.target.value.boxes).toEqual([box(5, 5, 25, 25, 0.8)]);
    expect(result.confidence).toBe(0.8);
  });

  it('treats an empty answer as a confident "nothing here"', () => {
    expect(labelFromBoxes([], judge)).toMatchObject({ kept: true, confidence: 1, target: { $case: 'boxes', value: { boxes: [] } } });
  });

  it('drops an answer whose only boxes are degenerate or unsure', () => {
    expect(labelFromBoxes([box(1, 1, 1, 1, 0.99)], judge)).toMatchObject({ kept: false, reason: 'low-confidence' });
    expect(labelFromBoxes([box(1, 1, 9, 9, 0.2)], judge)).toMatchObject({ kept: false, reason: 'low-confidence' });
  });
});
