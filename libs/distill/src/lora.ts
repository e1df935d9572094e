/**
 * The trainable parameters of a head. Full mode makes every float initializer a tf.Variable. LoRA
 * mode freezes them and adds, for every 2-D weight that a MatMul or Gemm multiplies by and every
 * Conv kernel, a low-rank update W_eff = W + (A·B)·(α/r) with A [rows, r] seeded small random and
 * B [r, cols] zero, so the untrained head equals its parent exactly; biases stay frozen. A kernel
 * [O, C, kh, kw] is the matrix [O, C·kh·kw] (as its convolution multiplies by it). On export the
 * product is merged into W, so a candidate is a plain head.onnx of the parent's shape.
 *
 * α = r (a scale of 1) and A ~ U(−1/√r, 1/√r): the first Adam steps then move each effective weight
 * by about the learning rate, as full mode does, so one learning rate means the same in both modes.
 */
import * as tf from '@tensorflow/tfjs';
import type { FloatTensor } from './float-tensor';
import type { HeadModel } from './onnx-head';
import type { SeededRandom } from './seeded-random';
import { toTfTensor } from './tf-graph';

/** How a head is adapted. */
export type AdaptMode = 'lora' | 'full';

/** The parameters of one training run; owns its tensors until {@link HeadParameters.dispose}. */
export interface HeadParameters {
  /** What the optimiser updates. */
  readonly trainable: readonly tf.Variable[];
  /** Names of the weights that carry a LoRA update (empty in full mode). */
  readonly adapted: readonly string[];
  /** The weights a forward pass uses; call inside a tape or `tf.tidy`. */
  effective(): Record<string, tf.Tensor>;
  /** The current weights as plain data, LoRA products merged into W. */
  merged(): Record<string, FloatTensor>;
  dispose(): void;
}

/** A trainable variable holding `initial`'s values; `initial` itself is released. */
function variableOf(initial: tf.Tensor): tf.Variable {
  const v = tf.variable(initial, true);
  initial.dispose();
  return v;
}

/** Names of the 2-D float initializers that a MatMul or Gemm node multiplies by, and of the 4-D Conv kernels. */
export function matrixWeights(model: HeadModel): string[] {
  const names = new Set<string>();
  for (const node of model.nodes) {
    if (node.opType === 'Conv' && model.weights[node.inputs[1]]?.dims.length === 4) names.add(node.inputs[1]);
    if (node.opType !== 'MatMul' && node.opType !== 'Gemm') continue;
    for (const input of node.inputs.slice(0, 2)) {
      if (model.weights[input]?.dims.length === 2) names.add(input);
    }
  }
  return [...names];
}

/** A weight's dims as the matrix a LoRA update factors: [first dim, product of the rest]. */
function matrixDims(dims: readonly number[]): [number, number] {
  return [dims[0], dims.slice(1).reduce((p, d) => p * d, 1)];
}

/** Creates the parameters of `model` for `mode`; `random` seeds the LoRA A factors. */
export function createHeadParameters(model: HeadModel, mode: AdaptMode, rank: number, random: SeededRandom): HeadParameters {
  const owned: tf.Tensor[] = [];
  const base: Record<string, tf.Tensor> = {};
  const trainable: tf.Variable[] = [];
  const factors = new Map<string, { a: tf.Variable; b: tf.Variable }>();
  const names = Object.keys(model.weights).sort();

  for (const name of names) {
    const w = model.weights[name];
    if (mode === 'full') {
      const v = variableOf(toTfTensor(w));
      owned.push(v);
      trainable.push(v);
      base[name] = v;
    } else {
      const t = toTfTensor(w);
      owned.push(t);
      base[name] = t;
    }
  }
  const adapted = mode === 'lora' ? matrixWeights(model).sort() : [];
  for (const name of adapted) {
    const [rows, cols] = matrixDims(model.weights[name].dims);
    const bound = 1 / Math.sqrt(rank);
    const aData = new Float32Array(rows * rank);
    for (let i = 0; i < aData.length; i++) aData[i] = random.uniform(-bound, bound);
    const a = variableOf(tf.tensor(aData, [rows, rank], 'float32'));
    const b = variableOf(tf.zeros([rank, cols], 'float32'));
    owned.push(a, b);
    trainable.push(a, b);
    factors.set(name, { a, b });
  }

  const effective = (): Record<string, tf.Tensor> => {
    const result: Record<string, tf.Tensor> = { ...base };
    for (const [name, { a, b }] of factors) result[name] = tf.add(base[name], tf.reshape(tf.matMul(a, b), base[name].shape));
    return result;
  };

  const merged = (): Record<string, FloatTensor> => {
    const result: Record<string, FloatTensor> = {};
    for (const name of names) {
      const original = model.weights[name];
      const f = factors.get(name);
      if (f === undefined) {
        result[name] = { dims: original.dims, data: Float32Array.from(base[name].dataSync() as Float32Array) };
        continue;
      }
      const delta = tf.tidy(() => tf.matMul(f.a, f.b).dataSync() as Float32Array);
      const data = new Float32Array(original.data.length);
      // Adding an exact zero would turn −0 into +0; keep the parent's bytes where nothing was learnt.
      for (let i = 0; i < data.length; i++) data[i] = delta[i] === 0 ? original.data[i] : original.data[i] + delta[i];
      result[name] = { dims: original.dims, data };
    }
    return result;
  };

  return {
    trainable,
    adapted,
    effective,
    merged,
    dispose: () => {
      for (const t of owned) t.dispose();
    },
  };
}
