/**
 * Turns what a loss compares against into plain arrays, once, before training: the teacher's
 * probabilities sharpened by the temperature, and the parent head's own outputs for anchor
 * examples (its softened distribution, or its objectness and decoded boxes). Computed in double
 * precision and stored as float32.
 */
import { LOG_SIZE_LIMIT, type GridSpec } from './losses';

/** A soft target distribution per row and Σ q·log q per row. */
export interface SoftTarget {
  readonly q: Float32Array;
  readonly qLogQ: Float32Array;
}

function finishRow(values: Float64Array, q: Float32Array, qLogQ: Float32Array, r: number, classes: number): void {
  let sum = 0;
  for (let c = 0; c < classes; c++) sum += values[c];
  let entropyTerm = 0;
  for (let c = 0; c < classes; c++) {
    const v = values[c] / sum;
    q[r * classes + c] = v;
    if (v > 0) entropyTerm += v * Math.log(v);
  }
  qLogQ[r] = entropyTerm;
}

/**
 * The teacher's probabilities p [rows, classes] as p^(1/T) renormalised per row, or a sentence
 * saying why they cannot be (a negative or non-finite value, a row that sums to 0).
 */
export function teacherSoftTarget(p: Float32Array, rows: number, classes: number, temperature: number): SoftTarget | string {
  const q = new Float32Array(rows * classes);
  const qLogQ = new Float32Array(rows);
  const values = new Float64Array(classes);
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    for (let c = 0; c < classes; c++) {
      const v = p[r * classes + c];
      if (!(Number.isFinite(v) && v >= 0)) return `target row ${r} holds ${v}, not a probability`;
      values[c] = v === 0 ? 0 : Math.pow(v, 1 / temperature);
      sum += values[c];
    }
    if (!(sum > 0)) return `target row ${r} sums to 0`;
    finishRow(values, q, qLogQ, r, classes);
  }
  return { q, qLogQ };
}

/** The parent's logits z [rows, classes] as softmax(z/T) per row. */
export function parentSoftTarget(z: Float32Array, rows: number, classes: number, temperature: number): SoftTarget {
  const q = new Float32Array(rows * classes);
  const qLogQ = new Float32Array(rows);
  const values = new Float64Array(classes);
  for (let r = 0; r < rows; r++) {
    let max = -Infinity;
    for (let c = 0; c < classes; c++) max = Math.max(max, z[r * classes + c] / temperature);
    for (let c = 0; c < classes; c++) values[c] = Math.exp(z[r * classes + c] / temperature - max);
    finishRow(values, q, qLogQ, r, classes);
  }
  return { q, qLogQ };
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
const clampLog = (x: number): number => Math.min(LOG_SIZE_LIMIT, Math.max(-LOG_SIZE_LIMIT, x));

/**
 * The parent's raw grid [rows, cells, channels] as an anchor target [rows, cells, 6]: objectness
 * probability, decoded cx, cy, w, h, and the objectness probability again as the box weight.
 */
export function parentGridTarget(grid: Float32Array, rows: number, channels: number, spec: GridSpec): Float32Array {
  const cells = spec.grid * spec.grid;
  const out = new Float32Array(rows * cells * 6);
  for (let r = 0; r < rows; r++) {
    for (let cell = 0; cell < cells; cell++) {
      const i = (r * cells + cell) * channels;
      const o = (r * cells + cell) * 6;
      const p = sigmoid(grid[i]);
      out[o] = p;
      out[o + 1] = ((cell % spec.grid) + sigmoid(grid[i + 1])) * spec.stride;
      out[o + 2] = (Math.floor(cell / spec.grid) + sigmoid(grid[i + 2])) * spec.stride;
      out[o + 3] = Math.exp(clampLog(grid[i + 3])) * spec.boxScale;
      out[o + 4] = Math.exp(clampLog(grid[i + 4])) * spec.boxScale;
      out[o + 5] = p;
    }
  }
  return out;
}

/** Why a grid target [rows, cells, 6] is unusable (objectness outside 0..1, a box weight outside 0..1, a non-finite or non-positive size on a weighted cell), or `undefined`. */
export function gridTargetProblem(target: Float32Array): string | undefined {
  for (let o = 0; o < target.length; o += 6) {
    const cell = o / 6;
    if (!(target[o] >= 0 && target[o] <= 1)) return `cell ${cell} has objectness target ${target[o]}, outside 0..1`;
    if (!(target[o + 5] >= 0 && target[o + 5] <= 1)) return `cell ${cell} has positive flag ${target[o + 5]}, outside 0..1`;
    if (target[o + 5] > 0) {
      for (let k = 1; k <= 4; k++) if (!Number.isFinite(target[o + k])) return `cell ${cell} has a non-finite box value`;
      if (!(target[o + 3] > 0 && target[o + 4] > 0)) return `cell ${cell} is positive with a box of no size`;
    }
  }
  return undefined;
}
