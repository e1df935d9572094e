import { iou } from '../decode/nms';
import type { Rect } from '../image';

/** One prediction's score and whether it matched a ground-truth box. */
export interface ScoredHit {
  readonly score: number;
  readonly hit: boolean;
}

/**
 * Greedy score-ordered matching of one image's predictions to its ground truth: each prediction
 * takes the unused ground-truth box it overlaps most (IoU ≥ `threshold`). The recipes' rule, so TS
 * and PyTorch metrics agree.
 */
export function matchDetections(
  predictions: ReadonlyArray<Rect & { readonly score: number }>,
  truth: readonly Rect[],
  threshold = 0.5,
): ScoredHit[] {
  const used = truth.map(() => false);
  const order = predictions.map((_, i) => i).sort((a, b) => predictions[b].score - predictions[a].score);
  return order.map((i) => {
    let best = threshold;
    let bestJ = -1;
    truth.forEach((gt, j) => {
      if (used[j]) return;
      const overlap = iou(predictions[i], gt);
      if (overlap >= best) {
        best = overlap;
        bestJ = j;
      }
    });
    if (bestJ >= 0) used[bestJ] = true;
    return { score: predictions[i].score, hit: bestJ >= 0 };
  });
}

/**
 * All-point interpolated average precision over a dataset (AP50 when the hits came from
 * {@link matchDetections} at 0.5). NaN when there is no ground truth at all; 0 with no predictions.
 */
export function averagePrecision(hits: readonly ScoredHit[], groundTruthCount: number): number {
  if (groundTruthCount === 0) return Number.NaN;
  if (hits.length === 0) return 0;
  const sorted = [...hits].sort((a, b) => b.score - a.score);
  const recall: number[] = [0];
  const precision: number[] = [0];
  let tp = 0;
  let fp = 0;
  for (const h of sorted) {
    if (h.hit) tp++;
    else fp++;
    recall.push(tp / groundTruthCount);
    precision.push(tp / Math.max(tp + fp, 1e-9));
  }
  recall.push(1);
  precision.push(0);
  for (let i = precision.length - 2; i >= 0; i--) precision[i] = Math.max(precision[i], precision[i + 1]);
  let ap = 0;
  for (let i = 0; i < recall.length - 1; i++) {
    if (recall[i + 1] !== recall[i]) ap += (recall[i + 1] - recall[i]) * precision[i + 1];
  }
  return ap;
}
