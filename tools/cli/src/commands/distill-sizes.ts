import { model } from '@vprog/proto-ts';
import { InvalidArgumentError } from 'commander';

/**
 * How big a distillation study is. Every number that trades time for statistical power lives in
 * this one table, so `npm start`, the study command and the tests cannot drift apart.
 *
 * * `tiny`: the end-to-end spec — every stage runs, on a handful of items (minutes).
 * * `default`: what `npm start` runs; sized to finish within 15 minutes on 2 CPU cores with the
 *   whole stack (eight module services, runner, coordinator) on the same machine.
 * * `full`: a study worth quoting — a thousand test questions per cell.
 */

/** The size presets' names. */
export const STUDY_SIZES = ['tiny', 'default', 'full'] as const;
/** One of {@link STUDY_SIZES}. */
export type StudySize = (typeof STUDY_SIZES)[number];

/** Everything a size decides. */
export interface SizePreset {
  /** Test questions per cell of the table. */
  readonly testItems: number;
  /** Training programs the coordinator runs to collect each module's calls. */
  readonly trainExamples: number;
  /** Development questions per task for each gate evaluation. */
  readonly devExamples: number;
  /** Anchor inputs per module (SDVP only). */
  readonly anchorExamples: number;
  /** Head-training epochs per candidate; 0: the module's default. */
  readonly epochs: number;
  /**
   * How a candidate head trains, as the plan names it: LoRA (low-rank updates of each weight,
   * merged on export) or full (every head weight). The gate and the anchors are what keep a guard
   * task from paying for the extra freedom.
   */
  readonly trainingMode: model.TrainingMode.TRAINING_MODE_LORA | model.TrainingMode.TRAINING_MODE_FULL;
  /**
   * The most sweeps over each target's modules, each a coordinator run on fresh training, anchor
   * and dev data: a module refused in one pass is tried again once the modules after it have
   * improved. SDVP stops on a target after a pass that promoted nothing.
   */
  readonly passes: number;
  /** Programs in flight at once while measuring a cell. */
  readonly concurrency: number;
  /** δ: the least target gain the gate promotes; 0: the coordinator's default. */
  readonly minTargetGain: number;
  /** ε: the most any guard task may lose (small samples are noisy, so larger when n is small); 0: the coordinator's default. */
  readonly maxGuardLoss: number;
  /** z: the target's gain must also reach z standard errors of the dev difference; 0: off. */
  readonly minTargetSigmas: number;
  /** λ: the weight of the anchor loss. */
  readonly anchorWeight: number;
  /** WiSE-FT α values the gate chooses among. */
  readonly wiseFtAlphas: readonly number[];
  /** Test questions whose answer changed that the HTML report shows with both rationales. */
  readonly rationaleItems: number;
}

/** The presets, in one place. */
export const SIZE_PRESETS: Readonly<Record<StudySize, SizePreset>> = {
  tiny: {
    testItems: 6,
    trainExamples: 8,
    devExamples: 6,
    anchorExamples: 8,
    epochs: 2,
    trainingMode: model.TrainingMode.TRAINING_MODE_LORA,
    passes: 1,
    concurrency: 4,
    minTargetGain: 0,
    maxGuardLoss: 0.2,
    minTargetSigmas: 0,
    anchorWeight: 1,
    wiseFtAlphas: [1],
    rationaleItems: 2,
  },
  // The gate re-measures only the guards that call the module being distilled, so the dev split
  // can be large enough to see a gain of a few questions; collection and training are what the
  // candidates need to move at all (bench/distill-modules.ts). 128 training programs instead of
  // 64: SDVP's mean gain over seeds 1–3 went from +1.4 / +4.2 / +18.3 to +4.2 / 0.0 / +21.9 points
  // on gqa-shapes / nlvr-shapes / face-tag. A test cell of 24 questions moved by ±10 points between
  // seeds, and evaluation is the cheap part of a study (24 questions take about 0.4 s; head
  // training takes two thirds of the run), so the table reads 96 test questions a cell. The gate
  // reads 128 dev questions and chooses between two WiSE-FT α: with 64 questions and four α, a VQA
  // candidate that cost size-qa 17 test points (7 on 96 dev questions) read as no change on its 64
  // dev questions and was promoted, and picking the best of four α inflates the gain it reads.
  // ε is 0.02, the study's promise (no guard task loses more than 2 points): at 0.05, a seed-4 loc
  // candidate that lost 3–5 dev points on every gqa guard passed, and cost them 4–8 test points.
  // Measured: 9.7 and 10.5 minutes for seeds 6 and 5 on 2 cores (6.7 with 24 test and 24 dev
  // questions). z = 1: on 128 dev questions one standard error of a difference is about 6 points,
  // and a seed-5 VQA candidate promoted on a dev gain of 3.9 points (5 questions) gave its target
  // +1.0 on test and cost nlvr-shapes 3.1 and size-qa 3.1 points. (The floor is now the paired
  // standard error of the gain, which reads 2–3 points when few items flip.) Up to three passes:
  // SDVP stops a target after a pass that promotes nothing, so only targets that moved pay for
  // more (face-tag, where classify is promoted first and facedet only behind it). With two, the
  // study took 8.2–9.4 minutes on seeds 1, 7 and 8, and face-tag's second pass still promoted a
  // module on all three. Full heads, not rank-4 LoRA: the facedet head reaches dusk F1 0.832
  // instead of 0.785 at these settings; face-tag reads the same within noise (seeds 1, 7, 8, 12),
  // but a loc or vqa candidate now shows its forgetting on the guards and is refused, where LoRA
  // let two chance gains through on seed 12 (gqa-shapes −4.1, nlvr-shapes −6.2, a guard −2.1).
  default: {
    testItems: 96,
    trainExamples: 128,
    devExamples: 128,
    anchorExamples: 48,
    epochs: 0,
    trainingMode: model.TrainingMode.TRAINING_MODE_FULL,
    passes: 3,
    concurrency: 4,
    minTargetGain: 0,
    maxGuardLoss: 0.02,
    minTargetSigmas: 1,
    anchorWeight: 1,
    wiseFtAlphas: [0.5, 1],
    rationaleItems: 4,
  },
  full: {
    testItems: 1000,
    trainExamples: 600,
    devExamples: 200,
    anchorExamples: 600,
    epochs: 0,
    trainingMode: model.TrainingMode.TRAINING_MODE_FULL,
    passes: 3,
    concurrency: 8,
    minTargetGain: 0.005,
    maxGuardLoss: 0.01,
    minTargetSigmas: 1,
    anchorWeight: 1,
    wiseFtAlphas: [0.25, 0.5, 0.75, 1],
    rationaleItems: 6,
  },
};

/** The most passes a study may ask for. */
export const MAX_PASSES = 5;
/**
 * The data seed of pass `pass` (0-based) of a study on `seed`: the first pass uses the study's
 * seed, later ones seeds far from it, so no two passes (of this study or of a study on a nearby
 * seed) train or gate on the same items. Throws nothing.
 */
export function passSeed(seed: number, pass: number): number {
  return seed + pass * 1_000_003;
}

/**
 * Parses a `--passes` value: an integer from 1 to {@link MAX_PASSES}.
 * @throws InvalidArgumentError otherwise.
 */
export function parsePasses(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_PASSES) throw new InvalidArgumentError(`--passes must be an integer from 1 to ${MAX_PASSES}, got "${value}"`);
  return n;
}

/**
 * Parses a `--size` value.
 * @throws InvalidArgumentError naming the known sizes when the value is not one of them.
 */
export function parseStudySize(value: string): StudySize {
  const size = STUDY_SIZES.find((s) => s === value);
  if (size === undefined) throw new InvalidArgumentError(`unknown size "${value}"; known sizes: ${STUDY_SIZES.join(', ')}`);
  return size;
}
