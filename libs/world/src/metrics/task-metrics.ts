import { iou, tupleToBox } from '../geometry/box';
import type { TaskMetric } from '../tasks/registry';
import type { GoldAnswer, GoldTag } from '../tasks/task-item';
import { answersMatch } from './normalise-answer';
import type { Prediction } from './prediction';

/**
 * Task metrics: exact-match accuracy on normalised answers; tag F1 at IoU 0.5 where a predicted tag
 * counts only if both its box and its label match a gold tag; refexp accuracy, the share of items
 * whose top predicted box has IoU ≥ 0.5 with the referent.
 */

/** The IoU a box must reach to match. */
export const MATCH_IOU = 0.5;

/** What one item contributes to its task's metric. */
export interface ItemScore {
  /** For accuracy metrics: whether the prediction is right. */
  readonly correct: boolean;
  /** For tag F1: matched, spurious and missed tags. */
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly falseNegatives: number;
}

const isTagList = (answer: Prediction): answer is readonly GoldTag[] => Array.isArray(answer);
const asTags = (answer: Prediction): readonly GoldTag[] => (isTagList(answer) ? answer : []);

/** The top box of a prediction or gold answer: the box itself, or the first tag's box. */
function topBox(answer: Prediction): GoldTag['box'] | undefined {
  if (answer === null || typeof answer === 'string') return undefined;
  return isTagList(answer) ? answer[0]?.box : answer.box;
}

/** Greedy one-to-one matching of predicted to gold tags (same label, IoU ≥ 0.5, best IoU first). */
export function matchTags(predicted: readonly GoldTag[], gold: readonly GoldTag[]): number {
  const pairs: Array<[number, number, number]> = [];
  predicted.forEach((p, i) =>
    gold.forEach((g, j) => {
      const overlap = iou(tupleToBox(p.box), tupleToBox(g.box));
      if (p.label.trim().toLowerCase() === g.label && overlap >= MATCH_IOU) pairs.push([overlap, i, j]);
    }),
  );
  pairs.sort((a, b) => b[0] - a[0] || a[1] - b[1] || a[2] - b[2]);
  const usedP = new Set<number>();
  const usedG = new Set<number>();
  for (const [, i, j] of pairs) {
    if (usedP.has(i) || usedG.has(j)) continue;
    usedP.add(i);
    usedG.add(j);
  }
  return usedP.size;
}

/** Scores one prediction against its gold answer under `metric`. Never throws. */
export function scoreItem(metric: TaskMetric, gold: GoldAnswer, prediction: Prediction): ItemScore {
  const none = { truePositives: 0, falsePositives: 0, falseNegatives: 0 };
  switch (metric) {
    case 'accuracy':
      return { ...none, correct: typeof gold === 'string' && typeof prediction === 'string' && answersMatch(gold, prediction) };
    case 'refexp-accuracy': {
      const top = topBox(prediction);
      const target = topBox(gold);
      return { ...none, correct: top !== undefined && target !== undefined && iou(tupleToBox(top), tupleToBox(target)) >= MATCH_IOU };
    }
    case 'tag-f1': {
      const predicted = asTags(prediction);
      const truth = asTags(gold);
      const tp = matchTags(predicted, truth);
      return { correct: tp === truth.length && tp === predicted.length, truePositives: tp, falsePositives: predicted.length - tp, falseNegatives: truth.length - tp };
    }
  }
}

/**
 * A task's metric over item scores: mean correctness for accuracy metrics, micro-averaged F1 for
 * tag F1 (1 when there is nothing to tag and nothing was tagged). NaN for no items.
 */
export function aggregateScores(metric: TaskMetric, scores: readonly ItemScore[]): number {
  if (scores.length === 0) return Number.NaN;
  if (metric !== 'tag-f1') return scores.filter((s) => s.correct).length / scores.length;
  const tp = scores.reduce((s, x) => s + x.truePositives, 0);
  const fp = scores.reduce((s, x) => s + x.falsePositives, 0);
  const fn = scores.reduce((s, x) => s + x.falseNegatives, 0);
  return tp + fp + fn === 0 ? 1 : (2 * tp) / (2 * tp + fp + fn);
}
