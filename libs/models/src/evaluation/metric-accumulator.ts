import type { RgbImage } from '../image';

/** One rendered image and the module items asked about it (the world's module dataset items). */
export interface EvalSample<I> {
  readonly image: RgbImage;
  readonly items: readonly I[];
}

/** One measured metric. `value` is in [0, 1]; `n` is how many decisions or items it averages. */
export interface MetricValue {
  readonly metric: string;
  readonly value: number;
  readonly n: number;
}

/**
 * Collects a module metric over batches of samples for one predictor. The CLI renders each batch
 * once and feeds it to the student's and the teacher's accumulators.
 */
export interface MetricAccumulator<I> {
  /** Runs the predictor on the batch and records the outcome. @throws what the predictor throws, except OUTSIDE_LABEL_SPACE, which counts as wrong. */
  add(samples: ReadonlyArray<EvalSample<I>>): Promise<void>;
  /**
   * The metrics so far: the module metric over every item (`ap50` or `accuracy`; items outside a
   * teacher's label space count as wrong), then subsets both roles share so students and teachers
   * compare on the teachers' label space (`ap50NoSize`, `accuracyNoSize`, `<group>Accuracy`). A
   * metric without data (AP with no ground truth) is left out.
   */
  results(): MetricValue[];
}
