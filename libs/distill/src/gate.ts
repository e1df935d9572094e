/**
 * The gate's decision rule (SDVP step 5, TFX-evaluator-like): a candidate is promoted only when
 * the target task gains at least δ, and at least z standard errors of the difference when z > 0,
 * and no guard task loses more than ε. A metric that could not be
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
   * z: the target's gain must also reach z standard errors of the difference of two fractions
   * measured on n items each, √((b(1−b) + a(1−a)) / n) — a noise floor, so that a gain of a few
   * dev questions is not promoted. 0 or absent: off.
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
  const noise = targetComputed && minTargetSigmas > 0 ? minTargetSigmas * gainStandardError(target) : 0;
  const meetsDelta = gain >= minTargetGain - 1e-12;
  const targetPassed = targetComputed && meetsDelta && gain >= noise - 1e-12;
  const checkedGuards = guards.map((g): GateComparison => {
    const ok = computed(g);
    return { ...g, computed: ok, passed: ok && g.before - g.after <= maxGuardLoss + 1e-12 };
  });
  const reasons: string[] = [];
  if (!targetComputed) reasons.push(`target ${target.task}: metric could not be computed`);
  else if (!meetsDelta) reasons.push(`target ${target.task} gained ${fmt(gain)} (${fmt(target.before)} → ${fmt(target.after)}), less than δ = ${minTargetGain}`);
  else if (!targetPassed) reasons.push(`target ${target.task} gained ${fmt(gain)} (${fmt(target.before)} → ${fmt(target.after)}, n=${target.n}), less than ${minTargetSigmas} standard errors (${fmt(noise)})`);
  for (const g of checkedGuards) {
    if (!g.computed) reasons.push(`guard ${g.task}: metric could not be computed`);
    else if (!g.passed) reasons.push(`guard ${g.task} lost ${fmt(g.before - g.after)} (${fmt(g.before)} → ${fmt(g.after)}), more than ε = ${maxGuardLoss}`);
  }
  const promoted = targetPassed && checkedGuards.every((g) => g.passed);
  const reason = promoted
    ? `target ${target.task} gained ${fmt(gain)} (≥ δ = ${minTargetGain}${noise > 0 ? ` and ≥ ${minTargetSigmas} standard errors = ${fmt(noise)}` : ''}) and no guard lost more than ε = ${maxGuardLoss}`
    : reasons.join('; ');
  return { promoted, target: { ...target, computed: targetComputed, passed: targetPassed }, guards: checkedGuards, reason };
}
