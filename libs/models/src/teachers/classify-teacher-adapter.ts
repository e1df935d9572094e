import { softmax } from '../decode/softmax';
import { modelError } from '../errors';

/**
 * The classify teacher adapter: a closed-set classifier (e.g. the expression classifier) answers a
 * CLASSIFY call only when every requested category is one of its labels; its scores are the
 * softmax over the requested categories' logits, in request order.
 */
export interface ClassifyTeacherAdapter {
  accepts(categories: readonly string[]): boolean;
  /**
   * Label indices of the categories, in request order.
   * @throws ModelError OUTSIDE_LABEL_SPACE naming the first unknown category.
   */
  indices(categories: readonly string[]): number[];
  /** Scores of the requested categories from one row of the teacher's logits. */
  scores(logits: ArrayLike<number>, offset: number, indices: readonly number[]): number[];
}

/** Builds the adapter over the teacher's label set. */
export function createClassifyTeacherAdapter(labels: readonly string[]): ClassifyTeacherAdapter {
  const normalised = labels.map((l) => l.trim().toLowerCase());
  const indexOf = (category: string): number => normalised.indexOf(category.trim().toLowerCase());
  return {
    accepts: (categories) => categories.length > 0 && categories.every((c) => indexOf(c) >= 0),
    indices: (categories) =>
      categories.map((c) => {
        const i = indexOf(c);
        if (i < 0) {
          throw modelError('OUTSIDE_LABEL_SPACE', `the classifier's labels [${labels.join(', ')}] do not include "${c}"`, { category: c });
        }
        return i;
      }),
    scores: (logits, offset, indices) => softmax(indices.map((i) => logits[offset + i])),
  };
}
