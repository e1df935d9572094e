/**
 * Softmax and ranking helpers for the classifier heads (classify, vqa): stable softmax over a row
 * of logits and the top-k entries of a distribution.
 */

/** Numerically stable softmax of `logits[offset .. offset + length)`, as plain numbers. */
export function softmax(logits: ArrayLike<number>, offset = 0, length = logits.length - offset): number[] {
  let max = -Infinity;
  for (let i = 0; i < length; i++) max = Math.max(max, logits[offset + i]);
  const out = new Array<number>(length);
  let sum = 0;
  for (let i = 0; i < length; i++) {
    out[i] = Math.exp(logits[offset + i] - max);
    sum += out[i];
  }
  for (let i = 0; i < length; i++) out[i] /= sum;
  return out;
}

/** Logistic sigmoid. */
export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** Indices of the `k` largest values, largest first; ties keep the lower index first. */
export function topK(values: readonly number[], k: number): number[] {
  return values
    .map((v, i) => [v, i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1])
    .slice(0, Math.max(0, k))
    .map(([, i]) => i);
}

/** Index of the largest value (the first one on ties); -1 for an empty list. */
export function argmax(values: ArrayLike<number>): number {
  let best = -1;
  for (let i = 0; i < values.length; i++) if (best < 0 || values[i] > values[best]) best = i;
  return best;
}
