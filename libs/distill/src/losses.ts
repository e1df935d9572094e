/**
 * The distillation losses, per row (one row = one image, or one box for classify), so the trainer
 * can weight rows by their example's weight and split target rows from anchor rows.
 *
 * - softmax: KL(q ‖ softmax(z/T))·T², where q is the teacher's distribution sharpened by 1/T and
 *   renormalised (target rows) or softmax(z_parent/T) (anchor rows); both are prepared once by
 *   `prepareSoftTarget` / `parentSoftTarget`.
 * - grid: 10 × the Bernoulli KL (BCE minus the target's entropy, so a perfect fit scores 0) of
 *   each cell's objectness averaged over cells, positives weighted ×4 by their target (the zoo's
 *   detection recipe), plus, averaged over the weighted cells (positives; for anchors weighted by
 *   the parent's objectness), the L1 of the decoded (cx, cy, w, h)/canvas and, for target rows,
 *   1 − GIoU of the decoded box against the target box.
 */
import * as tf from '@tensorflow/tfjs';

/** Where a detector's grid cells sit on the canvas (see the models library's grid decoder). */
export interface GridSpec {
  readonly stride: number;
  readonly grid: number;
  readonly boxScale: number;
  readonly canvas: number;
}

/** logW/logH are clamped to this range before `exp`, so one bad step cannot overflow a box. */
export const LOG_SIZE_LIMIT = 8;

const EPS = 1e-7;

/**
 * KL(q ‖ softmax(logits/T))·T² per row. `qLogQ` holds Σ q·log q per row (the constant that makes a
 * perfect fit score 0). Returns [rows].
 */
export function softmaxRowLoss(logits: tf.Tensor, q: tf.Tensor, qLogQ: tf.Tensor, temperature: number): tf.Tensor {
  const logP = tf.logSoftmax(temperature === 1 ? logits : tf.div(logits, temperature));
  const crossEntropy = tf.neg(tf.sum(tf.mul(q, logP), -1));
  return tf.mul(tf.add(crossEntropy, qLogQ), temperature * temperature);
}

/** Channel `k` of a [rows, cells, channels] tensor as [rows, cells]. */
function channel(t: tf.Tensor, k: number): tf.Tensor {
  const [rows, cells] = t.shape;
  return tf.reshape(tf.slice(t, [0, 0, k], [-1, -1, 1]), [rows, cells]);
}

/** Up-weighting of positive cells' objectness, as the zoo's detection recipes use. */
const POSITIVE_WEIGHT = 4;
/** Scale of the objectness term against the box terms, as the zoo's detection recipes use. */
const OBJECTNESS_SCALE = 10;

/** The decoded boxes of a raw grid: [cx, cy, w, h] in canvas pixels, each [rows, cells]. */
export function decodeGridBoxes(grid: tf.Tensor, spec: GridSpec): [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor] {
  const cells = spec.grid * spec.grid;
  const col = tf.tensor1d(Float32Array.from({ length: cells }, (_, c) => c % spec.grid));
  const row = tf.tensor1d(Float32Array.from({ length: cells }, (_, c) => Math.floor(c / spec.grid)));
  const cx = tf.mul(tf.add(col, tf.sigmoid(channel(grid, 1))), spec.stride);
  const cy = tf.mul(tf.add(row, tf.sigmoid(channel(grid, 2))), spec.stride);
  const w = tf.mul(tf.exp(tf.clipByValue(channel(grid, 3), -LOG_SIZE_LIMIT, LOG_SIZE_LIMIT)), spec.boxScale);
  const h = tf.mul(tf.exp(tf.clipByValue(channel(grid, 4), -LOG_SIZE_LIMIT, LOG_SIZE_LIMIT)), spec.boxScale);
  return [cx, cy, w, h];
}

/** Generalised IoU of two sets of centre-size boxes, elementwise. */
export function generalisedIou(a: readonly tf.Tensor[], b: readonly tf.Tensor[]): tf.Tensor {
  const corners = ([cx, cy, w, h]: readonly tf.Tensor[]) => {
    const hw = tf.div(w, 2);
    const hh = tf.div(h, 2);
    return [tf.sub(cx, hw), tf.sub(cy, hh), tf.add(cx, hw), tf.add(cy, hh)];
  };
  const [ax1, ay1, ax2, ay2] = corners(a);
  const [bx1, by1, bx2, by2] = corners(b);
  const iw = tf.relu(tf.sub(tf.minimum(ax2, bx2), tf.maximum(ax1, bx1)));
  const ih = tf.relu(tf.sub(tf.minimum(ay2, by2), tf.maximum(ay1, by1)));
  const inter = tf.mul(iw, ih);
  const union = tf.add(tf.sub(tf.add(tf.mul(a[2], a[3]), tf.mul(b[2], b[3])), inter), EPS);
  const enclosing = tf.add(tf.mul(tf.sub(tf.maximum(ax2, bx2), tf.minimum(ax1, bx1)), tf.sub(tf.maximum(ay2, by2), tf.minimum(ay1, by1))), EPS);
  return tf.sub(tf.div(inter, union), tf.div(tf.sub(enclosing, union), enclosing));
}

/**
 * The grid loss per row. `target` is [rows, cells, 6] = per cell [objectness target in 0..1, cx,
 * cy, w, h (canvas px), box weight]; `useGiou` is [rows] (1 for target rows, 0 for anchor rows).
 * Returns [rows].
 */
export function gridRowLoss(grid: tf.Tensor, target: tf.Tensor, useGiou: tf.Tensor, spec: GridSpec): tf.Tensor {
  const logit = channel(grid, 0);
  const t = channel(target, 0);
  // BCE with logits, stable form: max(x, 0) − x·t + log(1 + e^−|x|); minus H(t) so a perfect fit is 0.
  const bce = tf.add(tf.sub(tf.relu(logit), tf.mul(logit, t)), tf.log1p(tf.exp(tf.neg(tf.abs(logit)))));
  const tc = tf.clipByValue(t, EPS, 1 - EPS);
  const entropy = tf.neg(tf.add(tf.mul(t, tf.log(tc)), tf.mul(tf.sub(1, t), tf.log(tf.sub(1, tc)))));
  const objectness = tf.sub(bce, entropy);

  const predicted = decodeGridBoxes(grid, spec);
  const wanted = [1, 2, 3, 4].map((k) => channel(target, k));
  const boxWeight = channel(target, 5);
  let l1 = tf.abs(tf.sub(predicted[0], wanted[0]));
  for (let k = 1; k < 4; k++) l1 = tf.add(l1, tf.abs(tf.sub(predicted[k], wanted[k])));
  l1 = tf.div(l1, spec.canvas);
  const giouTerm = tf.mul(tf.sub(1, generalisedIou(predicted, wanted)), tf.expandDims(useGiou, 1));
  // The balance the zoo's detectors were trained with (tools/zoo/recipes/boxes.py): objectness
  // over every cell with positives up-weighted ×4 (by their target), scaled ×10, plus the box terms
  // averaged over the weighted cells. Weighting positives much more (e.g. a mean over positives
  // next to the mean over all cells) lifts the objectness of every face-like cell, and programs
  // take every box above a small threshold: a distilled detector then fires on decoys.
  const objectnessWeight = tf.add(1, tf.mul(t, POSITIVE_WEIGHT - 1));
  const objectnessTerm = tf.mul(tf.mean(tf.mul(objectnessWeight, objectness), -1), OBJECTNESS_SCALE);
  const perCell = tf.mul(boxWeight, tf.add(l1, giouTerm));
  const boxTerm = tf.div(tf.sum(perCell, -1), tf.maximum(tf.sum(boxWeight, -1), 1));
  return tf.add(objectnessTerm, boxTerm);
}
