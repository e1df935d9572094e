import { decideGate, gainStandardError, pairedStandardError, pairedStandardErrorIfPaired, type TaskMeasurement } from './gate';

const m = (task: string, before: number, after: number, n = 100): TaskMeasurement => ({ task, metric: 'accuracy', before, after, n });
const thresholds = { minTargetGain: 0.02, maxGuardLoss: 0.01 };

describe('the SDVP gate', () => {
  it('promotes when the target gains at least δ and every guard stays within ε', () => {
    const verdict = decideGate(m('gqa-shapes', 0.5, 0.6), [m('size-qa', 0.7, 0.695), m('refexp', 0.8, 0.85)], thresholds);
    expect(verdict.promoted).toBe(true);
    expect(verdict.guards.every((g) => g.passed && g.computed)).toBe(true);
    expect(verdict.reason).toMatch(/gained 0\.100/);
  });

  it('rejects a target gain below δ and says by how much', () => {
    const verdict = decideGate(m('gqa-shapes', 0.5, 0.51), [], thresholds);
    expect(verdict.promoted).toBe(false);
    expect(verdict.target.passed).toBe(false);
    expect(verdict.reason).toMatch(/less than δ = 0\.02/);
  });

  it('rejects when one guard loses more than ε even if the target soars', () => {
    const verdict = decideGate(m('face-tag', 0.5, 0.9), [m('shape-tag', 0.6, 0.6), m('size-qa', 0.7, 0.68)], thresholds);
    expect(verdict.promoted).toBe(false);
    expect(verdict.guards.map((g) => g.passed)).toEqual([true, false]);
    expect(verdict.reason).toMatch(/guard size-qa lost 0\.020/);
  });

  it('fails the gate when a metric could not be computed', () => {
    expect(decideGate(m('gqa-shapes', 0.5, Number.NaN), [], thresholds).promoted).toBe(false);
    const verdict = decideGate(m('gqa-shapes', 0.5, 0.7), [m('refexp', 0.5, 0.5, 0)], thresholds);
    expect(verdict.promoted).toBe(false);
    expect(verdict.guards[0].computed).toBe(false);
    expect(verdict.reason).toMatch(/could not be computed/);
  });

  it('with z > 0, rejects a gain that is within z standard errors of the dev noise, and says so', () => {
    // 0.422 → 0.461 on 128 questions: 5 questions; one standard error of the difference is 0.062.
    const noisy = m('gqa-shapes', 0.422, 0.461, 128);
    expect(gainStandardError(noisy)).toBeCloseTo(Math.sqrt((0.422 * 0.578 + 0.461 * 0.539) / 128), 12);
    expect(decideGate(noisy, [], thresholds).promoted).toBe(true);
    const verdict = decideGate(noisy, [], { ...thresholds, minTargetSigmas: 1 });
    expect(verdict.promoted).toBe(false);
    expect(verdict.reason).toMatch(/less than 1 standard errors \(0\.062\)/);
    // the same gain on 2,000 questions clears the floor; so does a large gain on 128
    expect(decideGate(m('gqa-shapes', 0.422, 0.461, 2000), [], { ...thresholds, minTargetSigmas: 1 }).promoted).toBe(true);
    const clear = decideGate(m('face-tag', 0.4, 0.69, 128), [], { ...thresholds, minTargetSigmas: 1 });
    expect(clear.promoted).toBe(true);
    expect(clear.reason).toMatch(/≥ 1 standard errors = 0\.060/);
  });

  it('computes the paired standard error from per-item differences', () => {
    // 128 items: 7 go from wrong to right, 2 from right to wrong, the rest stay as they were.
    const before = Array.from({ length: 128 }, (_, i) => (i >= 7 && i < 9) || i >= 70 ? 1 : 0);
    const after = before.map((b, i) => (i < 7 ? 1 : i < 9 ? 0 : b));
    const d = after.map((a, i) => a - before[i]);
    const mean = d.reduce((x, y) => x + y, 0) / 128;
    const variance = d.reduce((s, x) => s + (x - mean) ** 2, 0) / 127;
    expect(mean).toBeCloseTo(5 / 128, 12);
    expect(pairedStandardError(before, after)).toBeCloseTo(Math.sqrt(variance / 128), 12);
    // items scored alike on both sides add no noise; fractional scores (tag F1) count as they are
    expect(pairedStandardError([1, 0, 0.5], [1, 0, 0.5])).toBe(0);
    expect(pairedStandardError([0.5, 0.5], [1, 0.5])).toBeCloseTo(0.25, 12);
    expect(pairedStandardError([1], [0])).toBeNaN();
    expect(() => pairedStandardError([1, 0], [1])).toThrow(/same items/);
    expect(() => pairedStandardError([1, Number.NaN], [1, 0])).toThrow(/finite/);
    // The non-throwing form: the same number when the sides pair up, undefined when they do not.
    expect(pairedStandardErrorIfPaired([0.5, 0.5], [1, 0.5])).toBeCloseTo(0.25, 12);
    expect(pairedStandardErrorIfPaired(undefined, [1, 0])).toBeUndefined();
    expect(pairedStandardErrorIfPaired([1, 0], [1])).toBeUndefined();
    expect(pairedStandardErrorIfPaired([1, Number.NaN], [1, 0])).toBeUndefined();
  });

  it('with z > 0 and the same dev items on both sides, uses the paired standard error', () => {
    // The 5-question gain that the unpaired floor (0.062) refuses clears a paired floor when only
    // 9 of the 128 items changed: most items are answered alike by both versions.
    const before = Array.from({ length: 128 }, (_, i) => (i >= 7 && i < 9) || i >= 72 ? 1 : 0);
    const after = before.map((b, i) => (i < 7 ? 1 : i < 9 ? 0 : b));
    const value = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const paired = { ...m('gqa-shapes', value(before), value(after), 128), pairedStandardError: pairedStandardError(before, after) };
    expect(paired.pairedStandardError).toBeLessThan(0.03);
    const verdict = decideGate(paired, [], { ...thresholds, minTargetSigmas: 1 });
    expect(verdict.promoted).toBe(true);
    expect(verdict.reason).toMatch(/≥ 1 paired standard errors = 0\.02\d/);
    // a gain that is mostly churn (20 items up, 15 down) stays below the paired floor
    const churnBefore = Array.from({ length: 128 }, (_, i) => (i >= 20 && i < 35) || i >= 90 ? 1 : 0);
    const churnAfter = churnBefore.map((b, i) => (i < 20 ? 1 : i < 35 ? 0 : b));
    const churn = { ...m('gqa-shapes', value(churnBefore), value(churnAfter), 128), pairedStandardError: pairedStandardError(churnBefore, churnAfter) };
    const refused = decideGate(churn, [], { ...thresholds, minTargetSigmas: 1 });
    expect(refused.promoted).toBe(false);
    expect(refused.reason).toMatch(/less than 1 paired standard errors/);
    // no noise estimate (one item): the gate cannot tell the gain from noise and refuses
    expect(decideGate({ ...m('t', 0, 1, 1), pairedStandardError: Number.NaN }, [], { ...thresholds, minTargetSigmas: 1 }).promoted).toBe(false);
  });

  it('refuses negative thresholds', () => {
    expect(() => decideGate(m('t', 0, 1), [], { minTargetGain: -1, maxGuardLoss: 0 })).toThrow(RangeError);
    expect(() => decideGate(m('t', 0, 1), [], { ...thresholds, minTargetSigmas: -1 })).toThrow(RangeError);
  });
});
