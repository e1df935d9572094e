import { decideGate } from '@vprog/distill';
import { measurementOf } from './gate-stage';
import type { Measure } from './run-store';

const measure = (scores: number[], metric = 'accuracy'): Measure => ({ metric, value: scores.reduce((a, b) => a + b, 0) / scores.length, n: scores.length, scores });

describe('the gate stage’s comparison of two dev measurements', () => {
  // 128 dev items; the candidate turns 7 wrong answers right and 2 right answers wrong.
  const beforeScores = Array.from({ length: 128 }, (_, i) => ((i >= 7 && i < 9) || i >= 72 ? 1 : 0));
  const afterScores = beforeScores.map((b, i) => (i < 7 ? 1 : i < 9 ? 0 : b));

  it('pairs the items when both sides recorded their scores, so a gain on few flipped items can clear z = 1', () => {
    const m = measurementOf('face-tag', measure(beforeScores), measure(afterScores));
    expect(m).toMatchObject({ task: 'face-tag', metric: 'accuracy', n: 128 });
    expect(m.after - m.before).toBeCloseTo(5 / 128, 12);
    expect(m.pairedStandardError).toBeGreaterThan(0.02);
    expect(m.pairedStandardError).toBeLessThan(0.03);
    expect(decideGate(m, [], { minTargetGain: 0.02, maxGuardLoss: 0.02, minTargetSigmas: 1 }).promoted).toBe(true);
  });

  it('falls back to the unpaired error for checkpoints stored without scores, which refuses the same gain', () => {
    const { scores: _dropped, ...old } = measure(beforeScores);
    const m = measurementOf('face-tag', old, measure(afterScores));
    expect(m.pairedStandardError).toBeUndefined();
    const verdict = decideGate(m, [], { minTargetGain: 0.02, maxGuardLoss: 0.02, minTargetSigmas: 1 });
    expect(verdict.promoted).toBe(false);
    expect(verdict.reason).toMatch(/less than 1 standard errors \(0\.06\d\)/);
  });

  it('does not pair measurements of different item counts or with a non-finite score', () => {
    expect(measurementOf('t', measure([1, 0, 1]), measure([1, 1])).pairedStandardError).toBeUndefined();
    expect(measurementOf('t', measure([1, 0]), { ...measure([1, 1]), scores: [1, Number.NaN] }).pairedStandardError).toBeUndefined();
  });

  it('keeps a metric that could not be computed as NaN, so the gate fails it', () => {
    const m = measurementOf('t', measure([1, 0]), { metric: 'accuracy', value: null, n: 0 });
    expect(m.after).toBeNaN();
    expect(decideGate(m, [], { minTargetGain: 0, maxGuardLoss: 0 }).promoted).toBe(false);
  });
});
