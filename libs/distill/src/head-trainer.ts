/**
 * Trains a head on distillation examples: the parent head runs once to give anchors their targets,
 * then Adam over seeded, group-respecting batches minimises
 *   weighted-mean target loss + λ · weighted-mean anchor loss,
 * in LoRA or full mode; the result is one candidate head per WiSE-FT α, each a head.onnx with the
 * parent's graph. Same seed and same data give byte-identical candidates.
 */
import * as tf from '@tensorflow/tfjs';
import { distillError } from './distill-error';
import { createHeadParameters } from './lora';
import { batchTargets, buildLossTargets, type BatchTargets } from './loss-targets';
import { gridRowLoss, softmaxRowLoss } from './losses';
import { readHeadModel, writeHeadModel } from './onnx-head';
import { createSeededRandom } from './seeded-random';
import { ensureTfBackend } from './tf-backend';
import { createHeadGraph, toTfTensor, type HeadGraph } from './tf-graph';
import { parseTrainOptions, type TrainOptions } from './train-options';
import { batchFeeds, planBatches, prepareExamples, type PreparedExample, type TrainingExample } from './training-data';
import { interpolateWeights } from './wise-ft';

/** The mean losses of one epoch (weighted by example weight, over rows). */
export interface LossPoint {
  readonly epoch: number;
  /** target + λ·anchor. */
  readonly loss: number;
  readonly targetLoss: number;
  readonly anchorLoss: number;
}

/** One exported candidate: the head mixed at WiSE-FT weight α (1 = trained, 0 = parent). */
export interface HeadCandidate {
  readonly alpha: number;
  readonly head: Uint8Array;
}

/** What a training run produces. */
export interface TrainResult {
  readonly candidates: readonly HeadCandidate[];
  readonly lossCurve: readonly LossPoint[];
}

/** Progress and cancellation of a training run. */
export interface TrainHooks {
  onEpoch?(point: LossPoint): void;
  signal?: AbortSignal;
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw distillError('CANCELLED', 'head training was cancelled');
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

interface StepLosses {
  readonly target: number;
  readonly anchor: number;
}

/** Per-row losses of a batch, then the weighted means; returns [total, targetMean, anchorMean]. */
function batchLoss(graph: HeadGraph, weights: Record<string, tf.Tensor>, feeds: Record<string, tf.Tensor>, b: BatchTargets, options: TrainOptions): tf.Tensor[] {
  const out = graph.run(feeds, weights, [options.output])[options.output];
  const target = toTfTensor(b.target);
  const perRow = tf.tensor1d(b.perRow);
  const rowLoss = options.loss.kind === 'softmax' ? softmaxRowLoss(out, target, perRow, options.temperature) : gridRowLoss(out, target, perRow, options.loss);
  const mean = (w: Float32Array, sum: number): tf.Tensor => (sum > 0 ? tf.div(tf.sum(tf.mul(rowLoss, tf.tensor1d(w))), sum) : tf.scalar(0));
  const targetMean = mean(b.targetWeights, b.targetWeightSum);
  const anchorMean = mean(b.anchorWeights, b.anchorWeightSum);
  return [tf.add(targetMean, tf.mul(anchorMean, options.anchorWeight)), targetMean, anchorMean];
}

function trainStep(
  graph: HeadGraph,
  params: ReturnType<typeof createHeadParameters>,
  optimizer: tf.Optimizer,
  prepared: readonly PreparedExample[],
  b: BatchTargets,
  batch: readonly number[],
  options: TrainOptions,
): StepLosses {
  const feeds = batchFeeds(graph.model, prepared, batch, options.rowInputs);
  let parts: tf.Tensor | undefined;
  tf.tidy(() => {
    const tfFeeds: Record<string, tf.Tensor> = {};
    for (const [name, t] of Object.entries(feeds)) tfFeeds[name] = toTfTensor(t);
    const { grads } = tf.variableGrads(() => {
      const [total, targetMean, anchorMean] = batchLoss(graph, params.effective(), tfFeeds, b, options);
      parts = tf.keep(tf.stack([targetMean, anchorMean]));
      return total as tf.Scalar;
    }, params.trainable as tf.Variable[]);
    optimizer.applyGradients(grads);
  });
  const [target, anchor] = parts!.dataSync();
  parts!.dispose();
  return { target, anchor };
}

/**
 * Trains a head and exports one candidate per WiSE-FT α. Runs on the calling thread (it yields to
 * the event loop between batches, but each batch blocks it): a serving process uses
 * `trainHeadInWorker`.
 * @throws DistillError HEAD_INVALID / HEAD_UNSUPPORTED for a head the interpreter cannot read;
 *   INVALID_OPTIONS / INVALID_EXAMPLE for bad options or examples (before any training);
 *   CANCELLED when `hooks.signal` aborts; TRAINING_FAILED when the loss stops being finite.
 */
export async function trainHead(head: Uint8Array, examples: readonly TrainingExample[], options: TrainOptions, hooks: TrainHooks = {}): Promise<TrainResult> {
  const opts = parseTrainOptions(options);
  await ensureTfBackend();
  const model = readHeadModel(head);
  const prepared = prepareExamples(model, examples, opts);
  throwIfAborted(hooks.signal);
  if (opts.epochs > 0 && prepared.length === 0) throw distillError('INVALID_EXAMPLE', 'no training examples were given');

  const random = createSeededRandom(opts.seed);
  const graph = createHeadGraph(model);
  const params = createHeadParameters(model, opts.mode, opts.rank, random);
  const optimizer = tf.train.adam(opts.learningRate);
  try {
    const targets = buildLossTargets(graph, prepared, opts);
    if (opts.epochs > 0 && params.trainable.length === 0) throw distillError('INVALID_OPTIONS', `the head has no weight that ${opts.mode} mode can train`);
    const lossCurve: LossPoint[] = [];
    for (let epoch = 1; epoch <= opts.epochs; epoch++) {
      let targetSum = 0;
      let targetWeight = 0;
      let anchorSum = 0;
      let anchorWeight = 0;
      for (const batch of planBatches(prepared, opts.batchSize, random)) {
        await nextTurn();
        throwIfAborted(hooks.signal);
        const b = batchTargets(targets, batch);
        const step = trainStep(graph, params, optimizer, prepared, b, batch, opts);
        targetSum += step.target * b.targetWeightSum;
        targetWeight += b.targetWeightSum;
        anchorSum += step.anchor * b.anchorWeightSum;
        anchorWeight += b.anchorWeightSum;
      }
      const targetLoss = targetWeight > 0 ? targetSum / targetWeight : 0;
      const anchorLoss = anchorWeight > 0 ? anchorSum / anchorWeight : 0;
      const point: LossPoint = { epoch, loss: targetLoss + opts.anchorWeight * anchorLoss, targetLoss, anchorLoss };
      if (!Number.isFinite(point.loss)) {
        throw distillError('TRAINING_FAILED', `the loss diverged at epoch ${epoch} (${point.loss}); lower the learning rate`, { epoch: String(epoch) });
      }
      lossCurve.push(point);
      hooks.onEpoch?.(point);
    }
    const trained = params.merged();
    const candidates = opts.wiseFtAlphas.map((alpha) => ({ alpha, head: writeHeadModel(model, interpolateWeights(model.weights, trained, alpha)) }));
    return { candidates, lossCurve };
  } finally {
    optimizer.dispose();
    params.dispose();
    graph.dispose();
  }
}
