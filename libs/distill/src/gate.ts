/**
 * The gate's decision rule (SDVP step 5, TFX-evaluator-like): a candidate is promoted only when
 * the target task gains at least δ, and at least z standard errors of the difference when z > 0,
 * and no guard task loses more than ε. When both sides scored the same items, the standard error
 * is the paired one (of the per-item differences), which is the noise of the gain itself: items
 * that every version answers alike do not count as noise. A metric that could not be
 * computed (NaN, or no scored item) fails the gate — a candidate is never promoted on missing
 * evidence.
 */

/** One task measured before (the active version) and after (the candidate). */
export interface TaskMeasurement {
  readonly task: string;
  readonly metric: string;
  readonly before: number;
  readonly after: number;
  /** Items scored per side. */
  readonly n: number;
  /**
   * The standard error of after − before when both sides scored the same items (see
   * {@link pairedStandardError}). Absent: the sides count as two independent samples
   * ({@link gainStandardError}).
   */
  readonly pairedStandardError?: number;
}

/** A measurement with the gate's verdict on it. */
export interface GateComparison extends TaskMeasurement {
  readonly computed: boolean;
  readonly passed: boolean;
}

/** The gate's thresholds. */
export interface GateThresholds {
  /** δ: the least gain of the target task's metric (a fraction, e.g. 0.02). */
  readonly minTargetGain: number;
  /** ε: the largest loss any guard task may take (a fraction, e.g. 0.01). */
  readonly maxGuardLoss: number;
  /**
   * z: the target's gain must also reach z standard errors of the difference — a noise floor, so
   * that a gain of a few dev questions is not promoted. The standard error is the measurement's
   * `pairedStandardError` when given, else that of two fractions measured on n items each,
   * √((b(1−b) + a(1−a)) / n). 0 or absent: off.
   */
  readonly minTargetSigmas?: number;
}

/** What the gate decided, with every number behind it and a sentence saying why. */
export interface GateVerdict {
  readonly promoted: boolean;
  readonly target: GateComparison;
  readonly guards: readonly GateComparison[];
  readonly reason: string;
}

const computed = (m: TaskMeasurement): boolean => m.n > 0 && Number.isFinite(m.before) && Number.isFinite(m.after);

/** The standard error of after − before for two fractions measured on n items each. */
export function gainStandardError(m: TaskMeasurement): number {
  const clamp = (x: number): number => Math.min(1, Math.max(0, x));
  const b = clamp(m.before);
  const a = clamp(m.after);
  return Math.sqrt((b * (1 - b) + a * (1 - a)) / m.n);
}
/**
 * The standard error of the mean per-item difference after − before, for items scored on both
 * sides in the same order: sd(after_i − before_i) / √n. This is the noise of a gain measured on
 * one dev sample: an item both versions score alike adds nothing, one that flips adds a lot. For
 * tag metrics the items' own F1 stands in for their share of the pooled F1.
 * @throws RangeError when the sides differ in length or hold a non-finite score.
 */
export function pairedStandardError(before: readonly number[], after: readonly number[]): number {
  if (before.length !== after.length) throw new RangeError(`paired scores need the same items on both sides, got ${before.length} and ${after.length}`);
  const n = before.length;
  const d = before.map((b, i) => (after[i] as number) - b);
  if (d.some((x) => !Number.isFinite(x))) throw new RangeError('paired scores must be finite numbers');
  if (n < 2) return Number.NaN;
  const mean = d.reduce((a, b) => a + b, 0) / n;
  const variance = d.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1);
  return Math.sqrt(variance / n);
}
/**
 * {@link pairedStandardError} when the two sides pair up, else undefined: for callers that hold
 * scores which may be missing (measurements stored before scores were kept), of different
 * lengths, or not finite, and that fall back to something else then. Throws nothing.
 */
export function pairedStandardErrorIfPaired(before: readonly number[] | undefined, after: readonly number[] | undefined): number | undefined {
  if (before === undefined || after === undefined || before.length !== after.length) return undefined;
  if (!before.every(Number.isFinite) || !after.every(Number.isFinite)) return undefined;
  return pairedStandardError(before, after);
}
const fmt = (x: number): string => (Number.isFinite(x) ? x.toFixed(3) : 'n/a');

/**
 * Applies the rule. Pure: the same measurements always give the same verdict.
 * @throws RangeError when a threshold is negative or not finite.
 */
export function decideGate(target: TaskMeasurement, guards: readonly TaskMeasurement[], thresholds: GateThresholds): GateVerdict {
  const { minTargetGain, maxGuardLoss, minTargetSigmas = 0 } = thresholds;
  if (!(Number.isFinite(minTargetGain) && minTargetGain >= 0)) throw new RangeError(`minTargetGain must be a finite fraction ≥ 0, got ${minTargetGain}`);
  if (!(Number.isFinite(maxGuardLoss) && maxGuardLoss >= 0)) throw new RangeError(`maxGuardLoss must be a finite fraction ≥ 0, got ${maxGuardLoss}`);
  if (!(Number.isFinite(minTargetSigmas) && minTargetSigmas >= 0)) throw new RangeError(`minTargetSigmas must be finite and ≥ 0, got ${minTargetSigmas}`);
  const targetComputed = computed(target);
  const gain = target.after - target.before;
  const paired = target.pairedStandardError !== undefined;
  const standardError = paired ? (target.pairedStandardError as number) : gainStandardError(target);
  const noise = targetComputed && minTargetSigmas > 0 ? minTargetSigmas * standardError : 0;
  const meetsDelta = gain >= minTargetGain - 1e-12;
  const targetPassed = targetComputed && meetsDelta && gain >= noise - 1e-12;
  const checkedGuards = guards.map((g): GateComparison => {
    const ok = computed(g);
    return { ...g, computed: ok, passed: ok && g.before - g.after <= maxGuardLoss + 1e-12 };
  });
  const reasons: string[] = [];
  if (!targetComputed) reasons.push(`target ${target.task}: metric could not be computed`);
  else if (!meetsDelta) reasons.push(`target ${target.task} gained ${fmt(gain)} (${fmt(target.before)} → ${fmt(target.after)}), less than δ = ${minTargetGain}`);
  else if (!targetPassed) reasons.push(`target ${target.task} gained ${fmt(gain)} (${fmt(target.before)} → ${fmt(target.after)}, n=${target.n}), less than ${minTargetSigmas} ${paired ? 'paired ' : ''}standard errors (${fmt(noise)})`);
  for (const g of checkedGuards) {
    if (!g.computed) reasons.push(`guard ${g.task}: metric could not be computed`);
    else if (!g.passed) reasons.push(`guard ${g.task} lost ${fmt(g.before - g.after)} (${fmt(g.before)} → ${fmt(g.after)}), more than ε = ${maxGuardLoss}`);
  }
  const promoted = targetPassed && checkedGuards.every((g) => g.passed);
  const reason = promoted
    ? `target ${target.task} gained ${fmt(gain)} (≥ δ = ${minTargetGain}${noise > 0 ? ` and ≥ ${minTargetSigmas} ${paired ? 'paired ' : ''}standard errors = ${fmt(noise)}` : ''}) and no guard lost more than ε = ${maxGuardLoss}`
    : reasons.join('; ');
  return { promoted, target: { ...target, computed: targetComputed, passed: targetPassed }, guards: checkedGuards, reason };
}
