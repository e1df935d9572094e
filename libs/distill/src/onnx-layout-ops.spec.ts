import * as tf from '@tensorflow/tfjs';
import { onnx } from 'onnx-proto';
import type { HeadAttribute } from './head-node';
import { createHeadParameters, matrixWeights } from './lora';
import { readHeadModel } from './onnx-head';
import { LAYOUT_OPS } from './onnx-layout-ops';
import type { OpContext } from './op-context';
import { createSeededRandom } from './seeded-random';
import { ensureTfBackend } from './tf-backend';
import { runHead } from './tf-graph';

const random = createSeededRandom(5);
const values = (n: number): Float32Array => Float32Array.from({ length: n }, () => random.uniform(-1, 1));

/** A plain cross-correlation of x [N,C,H,W] with w [O,C,kh,kw] (zero padding `pad` on every side), in double precision. */
function referenceConv(x: Float32Array, [n, c, h, w]: number[], k: Float32Array, [o, , kh, kw]: number[], pad: number): { data: Float64Array; dims: number[] } {
  const outH = h + 2 * pad - kh + 1;
  const outW = w + 2 * pad - kw + 1;
  const y = new Float64Array(n * o * outH * outW);
  for (let b = 0; b < n; b++)
    for (let f = 0; f < o; f++)
      for (let r = 0; r < outH; r++)
        for (let q = 0; q < outW; q++) {
          let s = 0;
          for (let ch = 0; ch < c; ch++)
            for (let i = 0; i < kh; i++)
              for (let j = 0; j < kw; j++) {
                const yy = r + i - pad;
                const xx = q + j - pad;
                if (yy < 0 || yy >= h || xx < 0 || xx >= w) continue;
                s += x[((b * c + ch) * h + yy) * w + xx] * k[((f * c + ch) * kh + i) * kw + j];
              }
          y[((b * o + f) * outH + r) * outW + q] = s;
        }
  return { data: y, dims: [n, o, outH, outW] };
}

/** Runs one layout op on tensors, as the interpreter would. */
function runLayoutOp(opType: string, inputs: (tf.Tensor | undefined)[], attributes: Record<string, HeadAttribute> = {}): tf.Tensor {
  const ctx: OpContext = {
    node: { name: opType, opType, inputs: inputs.map((_, i) => `in${i}`), outputs: ['out'], attributes },
    opset: 13,
    input: (i) => inputs[i],
    ints: (i) => (inputs[i]?.dtype === 'int32' ? Array.from(inputs[i]!.dataSync()) : undefined),
  };
  return LAYOUT_OPS[opType](ctx);
}

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
};

/**
 * A head cut before a convolution, with the shape arithmetic an exporter writes for
 * `torch.chunk`: x [N,3,5,6] → Conv 3×3 (pad 1) → Relu → its two channel halves, swapped
 * (Shape → Gather → Div → Slice) → Concat → Reshape to [N, 240] (the target shape built from
 * Shape → Slice → Concat) → MatMul [240, 2] → y [N, 2].
 */
function convHead(kernel: Float32Array, bias: Float32Array, dense: Float32Array): Uint8Array {
  const T = onnx.TensorProto.DataType;
  const A = onnx.AttributeProto.AttributeType;
  const ints = (name: string, data: number[]): onnx.INodeProto => ({
    name,
    opType: 'Constant',
    output: [name],
    attribute: [{ name: 'value', type: A.TENSOR, t: { dims: [data.length], dataType: T.INT64, int64Data: data } }],
  });
  const node = (name: string, opType: string, input: string[], attribute: onnx.IAttributeProto[] = []): onnx.INodeProto => ({ name, opType, input, output: [name], attribute });
  const value = (name: string, dims: (number | 'N')[]): onnx.IValueInfoProto => ({
    name,
    type: { tensorType: { elemType: T.FLOAT, shape: { dim: dims.map((d) => (d === 'N' ? { dimParam: 'N' } : { dimValue: d })) } } },
  });
  const model = onnx.ModelProto.create({
    irVersion: 7,
    opsetImport: [{ domain: '', version: 13 }],
    graph: {
      name: 'conv-head',
      node: [
        node('conv', 'Conv', ['x', 'conv.weight', 'conv.bias'], [
          { name: 'kernel_shape', type: A.INTS, ints: [3, 3] },
          { name: 'pads', type: A.INTS, ints: [1, 1, 1, 1] },
        ]),
        node('relu', 'Relu', ['conv']),
        ints('one', [1]),
        ints('two', [2]),
        ints('zero', [0]),
        ints('big', [1_000_000]),
        node('shape', 'Shape', ['relu']),
        node('channels', 'Gather', ['shape', 'one'], [{ name: 'axis', type: A.INT, i: 0 }]),
        node('half', 'Div', ['channels', 'two']),
        node('low', 'Slice', ['relu', 'zero', 'half', 'one']),
        node('high', 'Slice', ['relu', 'half', 'big', 'one']),
        node('swapped', 'Concat', ['high', 'low'], [{ name: 'axis', type: A.INT, i: 1 }]),
        ints('minus', [-1]),
        node('batch', 'Slice', ['shape', 'zero', 'one', 'zero']),
        node('target', 'Concat', ['batch', 'minus'], [{ name: 'axis', type: A.INT, i: 0 }]),
        node('flat', 'Reshape', ['swapped', 'target']),
        node('y', 'MatMul', ['flat', 'dense']),
      ],
      initializer: [
        { name: 'conv.weight', dims: [4, 3, 3, 3], dataType: T.FLOAT, floatData: [...kernel] },
        { name: 'conv.bias', dims: [4], dataType: T.FLOAT, floatData: [...bias] },
        { name: 'dense', dims: [120, 2], dataType: T.FLOAT, floatData: [...dense] },
      ],
      input: [value('x', ['N', 3, 5, 6])],
      output: [value('y', ['N', 2])],
    },
  });
  return new Uint8Array(onnx.ModelProto.encode(model).finish());
}

describe('head layout ops and Conv', () => {
  beforeAll(() => ensureTfBackend());

  it('Conv matches a plain cross-correlation, with and without padding', () => {
    const xDims = [2, 3, 5, 6];
    const kDims = [4, 3, 3, 3];
    const x = values(2 * 3 * 5 * 6);
    const k = values(4 * 27);
    const bias = values(4);
    for (const pad of [0, 1]) {
      const y = tf.tidy(() =>
        runLayoutOp('Conv', [tf.tensor(x, xDims), tf.tensor(k, kDims), tf.tensor(bias, [4])], { pads: [pad, pad, pad, pad] }).arraySync(),
      ) as number[][][][];
      const expected = referenceConv(x, xDims, k, kDims, pad);
      const withBias = expected.data.map((v, i) => v + bias[Math.floor(i / (expected.dims[2] * expected.dims[3])) % 4]);
      expect([y.length, y[0].length, y[0][0].length, y[0][0][0].length]).toEqual(expected.dims);
      expect(maxDiff(y.flat(3), withBias)).toBeLessThan(1e-5);
    }
  });

  it('differentiates Conv on the wasm backend, matching finite differences for the input and the kernel', () => {
    const xDims = [2, 3, 4, 5];
    const kDims = [2, 3, 3, 3];
    const x = values(2 * 3 * 4 * 5);
    const k = values(2 * 27);
    const probe = values(2 * 2 * 4 * 5);
    // loss(x, k) = Σ probe · conv(x, k), so ∂loss/∂v is the change of Σ probe·y per unit of v.
    const loss = (xs: Float32Array, ks: Float32Array): number => {
      const y = referenceConv(xs, xDims, ks, kDims, 1).data;
      return y.reduce((s, v, i) => s + v * probe[i], 0);
    };
    const [dx, dk] = tf.tidy(() => {
      const grads = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(runLayoutOp('Conv', [a, b], { pads: [1, 1, 1, 1] }), tf.tensor(probe, [2, 2, 4, 5]))));
      return grads([tf.tensor(x, xDims), tf.tensor(k, kDims)]).map((g) => g.dataSync() as Float32Array);
    });
    const numeric = (data: Float32Array, at: number, f: (d: Float32Array) => number): number => {
      const up = Float32Array.from(data);
      const down = Float32Array.from(data);
      up[at] += 1e-2;
      down[at] -= 1e-2;
      return (f(up) - f(down)) / 2e-2;
    };
    for (const at of [0, 7, 33, 119]) expect(dx[at]).toBeCloseTo(numeric(x, at, (d) => loss(d, k)), 3);
    for (const at of [0, 13, 26, 53]) expect(dk[at]).toBeCloseTo(numeric(k, at, (d) => loss(x, d)), 3);
  });

  it('runs a head with shape arithmetic (Shape, Gather, Div, Slice, Concat, Reshape) as the reference does', async () => {
    const kernel = values(4 * 27);
    const bias = values(4);
    const dense = values(120 * 2);
    const x = values(2 * 3 * 5 * 6);
    const { y } = await runHead(convHead(kernel, bias, dense), { x: { dims: [2, 3, 5, 6], data: x } });
    const conv = referenceConv(x, [2, 3, 5, 6], kernel, [4, 3, 3, 3], 1);
    const relu = conv.data.map((v, i) => Math.max(0, v + bias[Math.floor(i / 30) % 4]));
    const expected: number[] = [];
    for (let b = 0; b < 2; b++) {
      // Channels 2–3, then 0–1, each 5×6, flattened.
      const flat = [2, 3, 0, 1].flatMap((ch) => Array.from(relu.subarray((b * 4 + ch) * 30, (b * 4 + ch + 1) * 30)));
      for (let o = 0; o < 2; o++) expected.push(flat.reduce((s, v, i) => s + v * dense[i * 2 + o], 0));
    }
    expect(y.dims).toEqual([2, 2]);
    expect(maxDiff(y.data, expected)).toBeLessThan(1e-4);
  });

  it('gives a Conv kernel a LoRA update of its [O, C·kh·kw] matrix that starts at zero', () => {
    const model = readHeadModel(convHead(values(4 * 27), values(4), values(240)));
    expect(matrixWeights(model).sort()).toEqual(['conv.weight', 'dense']);
    const params = createHeadParameters(model, 'lora', 2, createSeededRandom(1));
    try {
      const effective = tf.tidy(() => params.effective()['conv.weight'].dataSync() as Float32Array);
      expect(maxDiff(effective, model.weights['conv.weight'].data)).toBe(0);
      expect(params.trainable.map((v) => v.shape)).toEqual(expect.arrayContaining([[4, 2], [2, 27]]));
    } finally {
      params.dispose();
    }
  });

  it('refuses what it cannot run with HEAD_UNSUPPORTED: a strided or grouped Conv, a stepped Slice', () => {
    const x = tf.zeros([1, 2, 4, 4]);
    const w = tf.zeros([2, 2, 3, 3]);
    expect(() => runLayoutOp('Conv', [x, w], { strides: [2, 2] })).toThrow(expect.objectContaining({ reason: 'HEAD_UNSUPPORTED' }));
    expect(() => runLayoutOp('Conv', [x, tf.zeros([2, 1, 3, 3])], { group: 2 })).toThrow(expect.objectContaining({ reason: 'HEAD_UNSUPPORTED' }));
    const ints = (v: number[]): tf.Tensor => tf.tensor1d(v, 'int32');
    expect(() => runLayoutOp('Slice', [x, ints([0]), ints([4]), ints([2]), ints([2])])).toThrow(expect.objectContaining({ reason: 'HEAD_UNSUPPORTED' }));
    tf.dispose([x, w]);
  });
});
