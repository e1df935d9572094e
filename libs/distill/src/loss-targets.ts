/**
 * What each example's loss compares against, prepared once before training: the parent head runs
 * over every example (in batches), which checks the output's shape against the loss and the
 * example's target, and gives the anchors their targets (the parent's own outputs).
 */
import * as tf from '@tensorflow/tfjs';
import { distillError } from './distill-error';
import type { FloatTensor } from './float-tensor';
import type { HeadGraph } from './tf-graph';
import { toTfTensor } from './tf-graph';
import { batchFeeds, type PreparedExample } from './training-data';
import type { TrainOptions } from './train-options';
import { gridTargetProblem, parentGridTarget, parentSoftTarget, teacherSoftTarget } from './training-targets';

/** One example's loss target. */
export interface LossTarget {
  readonly rows: number;
  readonly kind: 'target' | 'anchor';
  readonly weight: number;
  /** softmax: q [rows, C]; grid: [rows, cells, 6]. */
  readonly data: Float32Array;
  /** The dims of one row of `data` ([C] or [cells, 6]). */
  readonly rowDims: readonly number[];
  /** softmax only: Σ q·log q per row. */
  readonly qLogQ?: Float32Array;
}

/** The loss inputs of one batch, rows in batch order. */
export interface BatchTargets {
  readonly target: FloatTensor;
  /** softmax: Σ q·log q per row; grid: 1 where GIoU applies (target rows), else 0. */
  readonly perRow: Float32Array;
  readonly targetWeights: Float32Array;
  readonly anchorWeights: Float32Array;
  readonly targetWeightSum: number;
  readonly anchorWeightSum: number;
}

/** Runs the parent head over every example (batches of one group) and returns each example's output. */
function parentOutputs(graph: HeadGraph, prepared: readonly PreparedExample[], options: TrainOptions): FloatTensor[] {
  const outputs: FloatTensor[] = new Array(prepared.length);
  const byGroup = new Map<string, number[]>();
  prepared.forEach((p, i) => byGroup.set(p.group, [...(byGroup.get(p.group) ?? []), i]));
  for (const indices of byGroup.values()) {
    for (let start = 0; start < indices.length; start += options.batchSize) {
      const batch = indices.slice(start, start + options.batchSize);
      const feeds = batchFeeds(graph.model, prepared, batch, options.rowInputs);
      tf.tidy(() => {
        const tfFeeds: Record<string, tf.Tensor> = {};
        for (const [name, t] of Object.entries(feeds)) tfFeeds[name] = toTfTensor(t);
        const weights: Record<string, tf.Tensor> = {};
        for (const [name, w] of Object.entries(graph.model.weights)) weights[name] = toTfTensor(w);
        const out = graph.run(tfFeeds, weights, [options.output])[options.output];
        const data = out.dataSync() as Float32Array;
        const rowDims = out.shape.slice(1);
        const rowSize = rowDims.reduce((a, b) => a * b, 1);
        const fedRows = batch.reduce((n, i) => n + prepared[i].rows, 0);
        if (out.shape[0] !== fedRows) {
          throw distillError('INVALID_OPTIONS', `output ${options.output} has ${out.shape[0]} rows for ${fedRows} fed rows: is rowInputs right?`, { output: options.output });
        }
        let offset = 0;
        for (const i of batch) {
          const rows = prepared[i].rows;
          outputs[i] = { dims: [rows, ...rowDims], data: data.slice(offset, offset + rows * rowSize) };
          offset += rows * rowSize;
        }
      });
    }
  }
  return outputs;
}

/**
 * Builds every example's {@link LossTarget}.
 * @throws DistillError INVALID_OPTIONS when the output's shape does not fit the loss (softmax needs
 *   [rows, C]; grid needs [rows, grid², ≥5]); INVALID_EXAMPLE when a target's dims or values do not fit.
 */
export function buildLossTargets(graph: HeadGraph, prepared: readonly PreparedExample[], options: TrainOptions): LossTarget[] {
  const outputs = parentOutputs(graph, prepared, options);
  const loss = options.loss;
  return prepared.map((p, index): LossTarget => {
    const { example, rows } = p;
    const out = outputs[index];
    const bad = (why: string): never => {
      throw distillError('INVALID_EXAMPLE', `example ${index}: ${why}`, { example: String(index) });
    };
    const base = { rows, kind: example.kind, weight: example.weight };
    if (loss.kind === 'softmax') {
      if (out.dims.length !== 2) throw distillError('INVALID_OPTIONS', `softmax loss needs a 2-D output; ${options.output} is [${out.dims.join(', ')}]`);
      const classes = out.dims[1];
      if (example.kind === 'anchor') {
        const soft = parentSoftTarget(out.data, rows, classes, options.temperature);
        return { ...base, data: soft.q, qLogQ: soft.qLogQ, rowDims: [classes] };
      }
      const t = example.target!;
      if (t.dims.length !== 2 || t.dims[1] !== classes) bad(`target has dims [${t.dims.join(', ')}], the head gives [${rows}, ${classes}]`);
      const soft = teacherSoftTarget(t.data, rows, classes, options.temperature);
      if (typeof soft === 'string') return bad(soft);
      return { ...base, data: soft.q, qLogQ: soft.qLogQ, rowDims: [classes] };
    }
    const cells = loss.grid * loss.grid;
    if (out.dims.length !== 3 || out.dims[1] !== cells || out.dims[2] < 5) {
      throw distillError('INVALID_OPTIONS', `grid loss needs an output [rows, ${cells}, ≥5]; ${options.output} is [${out.dims.join(', ')}]`);
    }
    if (example.kind === 'anchor') return { ...base, data: parentGridTarget(out.data, rows, out.dims[2], loss), rowDims: [cells, 6] };
    const t = example.target!;
    if (t.dims.length !== 3 || t.dims[1] !== cells || t.dims[2] !== 6) bad(`grid target has dims [${t.dims.join(', ')}], expected [${rows}, ${cells}, 6]`);
    const problem = gridTargetProblem(t.data);
    if (problem !== undefined) bad(`grid target: ${problem}`);
    return { ...base, data: t.data, rowDims: [cells, 6] };
  });
}

/** Concatenates the loss targets of one batch (rows in batch order) with per-row weights. */
export function batchTargets(targets: readonly LossTarget[], batch: readonly number[]): BatchTargets {
  const rows = batch.reduce((n, i) => n + targets[i].rows, 0);
  const rowSize = targets[batch[0]].rowDims.reduce((a, b) => a * b, 1);
  const data = new Float32Array(rows * rowSize);
  const perRow = new Float32Array(rows);
  const targetWeights = new Float32Array(rows);
  const anchorWeights = new Float32Array(rows);
  let targetWeightSum = 0;
  let anchorWeightSum = 0;
  let row = 0;
  for (const i of batch) {
    const t = targets[i];
    data.set(t.data, row * rowSize);
    for (let r = 0; r < t.rows; r++) {
      perRow[row + r] = t.qLogQ !== undefined ? t.qLogQ[r] : t.kind === 'target' ? 1 : 0;
      if (t.kind === 'target') targetWeights[row + r] = t.weight;
      else anchorWeights[row + r] = t.weight;
    }
    if (t.kind === 'target') targetWeightSum += t.weight * t.rows;
    else anchorWeightSum += t.weight * t.rows;
    row += t.rows;
  }
  return { target: { dims: [rows, ...targets[batch[0]].rowDims], data }, perRow, targetWeights, anchorWeights, targetWeightSum, anchorWeightSum };
}
