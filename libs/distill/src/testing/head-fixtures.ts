/**
 * Test fixtures of this library: the committed student heads and seeded synthetic examples. Only
 * specs import this file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { onnx } from 'onnx-proto';
import type { FloatTensor } from '../float-tensor';
import { createSeededRandom, type SeededRandom } from '../seeded-random';
import type { TrainOptions } from '../train-options';
import type { TrainingExample } from '../training-data';

/** The repository's committed model zoo. */
export const MODELS_DIR = join(__dirname, '..', '..', '..', '..', 'models');

/** The committed student head of `module` (vqa, classify, loc, facedet). */
export function loadHead(module: 'vqa' | 'classify' | 'loc' | 'facedet'): Uint8Array {
  return new Uint8Array(readFileSync(join(MODELS_DIR, module, 'student', 'v1', 'head.onnx')));
}

/**
 * A softmax head built here rather than read from the zoo, so the trainer's specs do not depend on
 * how a zoo model is shaped: `features [N,256]` → Gemm → Relu → Gemm → `logits [N,38]`, with
 * PyTorch's layout and names (weights `mlp.layers.{0,2}.weight` as [out, in] with transB = 1),
 * seeded weights of PyTorch's default scale (uniform ±1/√fan-in, times `gain`).
 */
export function mlpHead(seed = 1, gain = 1.5): Uint8Array {
  const random = createSeededRandom(seed);
  const sizes = [256, 256, 38];
  const initializer: onnx.ITensorProto[] = [];
  for (const [layer, index] of [
    [0, 0],
    [2, 1],
  ] as const) {
    const [fanIn, out] = [sizes[index], sizes[index + 1]];
    const bound = gain / Math.sqrt(fanIn);
    const weight = Array.from({ length: out * fanIn }, () => random.uniform(-bound, bound));
    const bias = Array.from({ length: out }, () => random.uniform(-bound, bound));
    initializer.push({ name: `mlp.layers.${layer}.weight`, dims: [out, fanIn], dataType: onnx.TensorProto.DataType.FLOAT, floatData: weight });
    initializer.push({ name: `mlp.layers.${layer}.bias`, dims: [out], dataType: onnx.TensorProto.DataType.FLOAT, floatData: bias });
  }
  const value = (name: string, width: number): onnx.IValueInfoProto => ({
    name,
    type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim: [{ dimParam: 'N' }, { dimValue: width }] } } },
  });
  const gemm = (name: string, inputs: string[], output: string): onnx.INodeProto => ({
    name,
    opType: 'Gemm',
    input: inputs,
    output: [output],
    attribute: [
      { name: 'alpha', type: onnx.AttributeProto.AttributeType.FLOAT, f: 1 },
      { name: 'beta', type: onnx.AttributeProto.AttributeType.FLOAT, f: 1 },
      { name: 'transB', type: onnx.AttributeProto.AttributeType.INT, i: 1 },
    ],
  });
  const model = onnx.ModelProto.create({
    irVersion: 7,
    opsetImport: [{ domain: '', version: 13 }],
    graph: {
      name: 'mlp-head',
      node: [
        gemm('gemm0', ['features', 'mlp.layers.0.weight', 'mlp.layers.0.bias'], 'hidden'),
        { name: 'relu', opType: 'Relu', input: ['hidden'], output: ['hidden_relu'] },
        gemm('gemm1', ['hidden_relu', 'mlp.layers.2.weight', 'mlp.layers.2.bias'], 'logits'),
      ],
      input: [value('features', 256)],
      output: [value('logits', 38)],
      initializer,
    },
  });
  return onnx.ModelProto.encode(model).finish();
}

/** A tensor of seeded values in [−scale, scale). */
export function randomTensor(random: SeededRandom, dims: readonly number[], scale = 1): FloatTensor {
  const n = dims.reduce((a, b) => a * b, 1);
  return { dims, data: Float32Array.from({ length: n }, () => random.uniform(-scale, scale)) };
}

/** Options for a softmax head with everything spelled out; override what a test varies. */
export function softmaxOptions(overrides: Partial<TrainOptions> = {}): TrainOptions {
  return {
    mode: 'full',
    rank: 4,
    epochs: 10,
    learningRate: 0.01,
    batchSize: 8,
    temperature: 1,
    anchorWeight: 1,
    seed: 7,
    wiseFtAlphas: [],
    loss: { kind: 'softmax' },
    rowInputs: ['features'],
    output: 'logits',
    ...overrides,
  };
}

/**
 * A small vqa-shaped task: `count` feature vectors drawn around `clusters` centres, each cluster
 * labelled with one answer class (classes 30, 31, ...); targets are near-one-hot probabilities.
 */
export function clusterTask(seed: number, count: number, clusters = 4): { examples: TrainingExample[]; labels: number[] } {
  const random = createSeededRandom(seed);
  const centres = Array.from({ length: clusters }, () => randomTensor(random, [256], 1).data);
  const examples: TrainingExample[] = [];
  const labels: number[] = [];
  for (let i = 0; i < count; i++) {
    const k = i % clusters;
    const data = Float32Array.from(centres[k], (v) => v + random.uniform(-0.2, 0.2));
    const label = 30 + k;
    const target = new Float32Array(38).fill(0.02 / 37);
    target[label] = 0.98;
    examples.push({ feeds: { features: { dims: [1, 256], data } }, target: { dims: [1, 38], data: target }, weight: 1, kind: 'target' });
    labels.push(label);
  }
  return { examples, labels };
}

/** Anchor examples (the parent's outputs are their targets) on seeded random features. */
export function anchorExamples(seed: number, count: number): TrainingExample[] {
  const random = createSeededRandom(seed);
  return Array.from({ length: count }, () => ({ feeds: { features: randomTensor(random, [1, 256], 1) }, weight: 1, kind: 'anchor' as const }));
}

/** Index of the largest value of each row of a [rows, C] tensor. */
export function argmaxRows(t: FloatTensor): number[] {
  const [rows, classes] = t.dims;
  return Array.from({ length: rows }, (_, r) => {
    let best = 0;
    for (let c = 1; c < classes; c++) if (t.data[r * classes + c] > t.data[r * classes + best]) best = c;
    return best;
  });
}

/** The largest absolute elementwise difference of two equally sized arrays. */
export function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}
